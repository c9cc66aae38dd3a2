// Wagtail's rich text editor (Draftail) leaves its editable area without an accessible name, so a screen reader
// announces an unnamed text box (axe: aria-input-field-name). Name each one after its field's label, or a
// StreamField block's heading (本文 / Paragraph).
(() => {
  let count = 0;
  const nameEditors = () => {
    for (const box of document.querySelectorAll(
      '.Draftail-Editor [role="textbox"]:not([aria-label]):not([aria-labelledby])',
    )) {
      const field = box.closest(".w-field");
      const input = field && field.querySelector("input[id]");
      const label =
        (input && document.querySelector(`label[for="${CSS.escape(input.id)}"]`)) ||
        (field && field.querySelector("label"));
      const block = box.closest("section.w-panel[aria-labelledby]"); // a StreamField block: its heading
      if (!label && block) box.setAttribute("aria-labelledby", block.getAttribute("aria-labelledby"));
      if (!label) continue;
      if (!label.id) label.id = `core-richtext-label-${(count += 1)}`;
      box.setAttribute("aria-labelledby", label.id);
    }
  };
  const start = () => {
    nameEditors();
    new MutationObserver(nameEditors).observe(document.body, { childList: true, subtree: true });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
