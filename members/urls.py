from django.urls import include, path

from . import views

# Django's conventional names (login, logout, password_reset...), without a namespace:
# settings.LOGIN_URL and Wagtail's WAGTAIL_FRONTEND_LOGIN_URL refer to "login".
account_patterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password/reset/complete/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

member_patterns = (
    [
        path("mypage/", views.mypage, name="mypage"),
        path("mypage/saved-searches/", views.save_search, name="save_search"),
        path("mypage/saved-searches/<int:pk>/delete/", views.delete_saved_search, name="delete_saved_search"),
        path("mypage/bookmarks/", views.add_bookmark, name="add_bookmark"),
        path("mypage/bookmarks/<int:page_id>/delete/", views.remove_bookmark, name="remove_bookmark"),
        path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    ],
    "members",
)

urlpatterns = [
    path("accounts/", include(account_patterns)),
    path("", include(member_patterns)),
]
