from django.urls import path

from . import views

app_name = "ehc"

REQUEST = "pupils/<uuid:pupil_id>/ehc/requests/<uuid:request_id>/"
PLAN = "pupils/<uuid:pupil_id>/ehc/plans/<uuid:plan_id>/"

urlpatterns = [
    path("schools/<str:urn>/local-authorities/", views.authorities, name="authorities"),
    path("schools/<str:urn>/local-authorities/add/", views.authority_add, name="authority-add"),
    path("schools/<str:urn>/local-authorities/<uuid:authority_id>/", views.authority_edit, name="authority-edit"),
    path("pupils/<uuid:pupil_id>/ehc/", views.pupil_ehc, name="pupil"),
    path("pupils/<uuid:pupil_id>/ehc/requests/add/", views.request_add, name="request-add"),
    path(REQUEST, views.request_edit, name="request-edit"),
    path(f"{REQUEST}remove/", views.request_remove, name="request-remove"),
    path("pupils/<uuid:pupil_id>/ehc/plans/add/", views.plan_add, name="plan-add"),
    path(PLAN, views.plan_edit, name="plan-edit"),
    path(f"{PLAN}reviews/add/", views.review_add, name="review-add"),
    path(f"{PLAN}reviews/<uuid:review_id>/", views.review_edit, name="review-edit"),
    path(f"{PLAN}documents/add/", views.document_add, name="document-add"),
    path(f"{PLAN}outcomes/add/", views.outcome_add, name="outcome-add"),
    path(f"{PLAN}provision/add/", views.provision_add, name="provision-add"),
    path("pupils/<uuid:pupil_id>/ehc/provision/", views.plan_provision, name="provision"),
    path(f"{PLAN}documents/<uuid:document_id>/", views.document_download, name="document"),
]

# An annual review's meeting record and its paperwork; a request's evidence bundle.
from . import paperwork_views  # noqa: E402

REVIEW = f"{PLAN}reviews/<uuid:review_id>/"
urlpatterns += [
    path(f"{REVIEW}meeting/", paperwork_views.review_meeting, name="review-meeting"),
    *(
        path(f"{REVIEW}paperwork/{key}.{fmt}", paperwork_views.paper_view(key, fmt), name=f"review-{key}-{fmt}")
        for key in paperwork_views.PAPERS
        for fmt in paperwork_views.FORMATS
    ),
    path(f"{REQUEST}evidence-bundle.pdf", paperwork_views.request_bundle, name="request-bundle"),
]
