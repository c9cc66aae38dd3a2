#!/bin/sh
# Rebuilds sample-recording.webm (committed, < 1 MB): a 13-second test pattern with synthetic speech,
# made for the demo site only. Needs Debian's ffmpeg and espeak-ng.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
espeak-ng -v ja -s 140 -w "$tmp/a.wav" "これは、でもようの、さんぷるおんせいです。"
espeak-ng -v en -s 150 -w "$tmp/b.wav" "This is a sample recording made for the demo site."
espeak-ng -v ja -s 140 -w "$tmp/c.wav" "ちいきと、ひとと、ときを、つなぐ、つむぐ。"
ffmpeg -v error -y -i "$tmp/a.wav" -i "$tmp/b.wav" -i "$tmp/c.wav" \
  -f lavfi -i "testsrc=size=320x180:rate=10:duration=13" \
  -filter_complex "[0:a]apad=whole_dur=4[a];[1:a]apad=whole_dur=4[b];[2:a]apad=whole_dur=5[c];[a][b][c]concat=n=3:v=0:a=1[out]" \
  -map 3:v -map "[out]" -c:v libvpx-vp9 -b:v 60k -c:a libopus -b:a 24k -ac 1 -shortest sample-recording.webm
