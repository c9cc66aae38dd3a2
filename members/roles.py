"""The site's roles as data: groups, their permissions and the review workflow.

Called by the data migration (with historical models) and by `manage.py ensure_roles` (with real ones),
so every fresh site has the same setup. Idempotent.
"""

from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
MODERATORS = "Moderators"
MEMBERS = "Members"
REVIEW_WORKFLOW = "レビュー"
REVIEW_TASK = "モデレーターの確認"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
MODERATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page")

# Snippets the knowledge pages use; prefectures are fixed reference data (view only).
SNIPPETS = ("municipality", "person", "organisation", "theme")
EDITOR_SNIPPET_ACTIONS = ("add", "change")
MODERATOR_SNIPPET_ACTIONS = ("add", "change", "delete")

COLLECTION_PERMISSIONS = {
    "wagtaildocs": ("add_document", "change_document", "choose_document"),
    "wagtailimages": ("add_image", "change_image", "choose_image"),
}


def _ensure_all_permissions(apps):
    """On a fresh database Django creates permissions only after migrate: create them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def setup_roles(apps):
    _ensure_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    members, _ = Group.objects.get_or_create(name=MEMBERS)
    members.permissions.clear()  # members read the site; no admin access at all

    # The tree root (depth 1) always exists, so permissions there cover every page created later.
    root = Page.objects.get(depth=1)
    for group, codenames in ((editors, EDITOR_PAGE_PERMISSIONS), (moderators, MODERATOR_PAGE_PERMISSIONS)):
        GroupPagePermission.objects.filter(group=group).exclude(permission__codename__in=codenames).delete()
        for codename in codenames:
            permission = _permission(apps, "wagtailcore", codename)
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)

    access_admin = _permission(apps, "wagtailadmin", "access_admin")
    for group, actions in ((editors, EDITOR_SNIPPET_ACTIONS), (moderators, MODERATOR_SNIPPET_ACTIONS)):
        group.permissions.add(access_admin, _permission(apps, "knowledge", "view_prefecture"))
        for model in SNIPPETS:
            for action in actions:
                group.permissions.add(_permission(apps, "knowledge", f"{action}_{model}"))
        root_collection = Collection.objects.filter(depth=1).first()
        if root_collection is not None:
            for app_label, codenames in COLLECTION_PERMISSIONS.items():
                for codename in codenames:
                    permission = _permission(apps, app_label, codename)
                    group.permissions.add(permission)
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )

    _setup_review_workflow(apps, root, moderators)


def _setup_review_workflow(apps, root, moderators):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ReviewTask = apps.get_model("members", "ReviewTask")

    task_type, _ = ContentType.objects.get_or_create(app_label="members", model="reviewtask")
    task = ReviewTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = ReviewTask.objects.create(name=REVIEW_TASK, content_type=task_type, active=True)
    task.groups.set([moderators])

    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})

    # Wagtail's own default workflow is replaced by ours: retire it if nothing uses it any more, and remove it with
    # its task if nothing ever did (else its English name stays in the workflow reports' filters).
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    Task = apps.get_model("wagtailcore", "Task")
    for old in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW):
        if WorkflowPage.objects.filter(workflow=old).exists():
            continue
        if old.active:
            old.active = False
            old.save(update_fields=["active"])
        if WorkflowState.objects.filter(workflow=old).exists():
            continue
        task_ids = list(WorkflowTask.objects.filter(workflow=old).values_list("task_id", flat=True))
        old.delete()
        for unused in Task.objects.filter(pk__in=task_ids, name=WAGTAIL_DEFAULT_WORKFLOW):
            if not WorkflowTask.objects.filter(task=unused).exists() and not TaskState.objects.filter(task=unused).exists():
                unused.delete()
