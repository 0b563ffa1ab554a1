//! The OpenAPI 3 document, generated from the handlers' `#[utoipa::path]` attributes.

use axum::Json;
use utoipa::{
    openapi::security::{Http, HttpAuthScheme, SecurityScheme},
    Modify, OpenApi,
};

use crate::api::{auth, cover, erase, health, invites, members, sessions, share, sync, team};

/// The API's OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Peerline API",
        description = "The Peerline server's HTTP API. Errors are `{\"error\": {\"code\", \"message\"}}` \
                       with a 4xx/5xx status; bodies over 1 MiB get 413 `payload_too_large`. \
                       Of a bearer token every endpoint that needs one answers 401 `unauthorized` \
                       when there is no live session (expired, logged out, ended by the user: a \
                       device keeps its data and asks for a login) and 401 `account_disabled` when \
                       a deactivation ended it (a device clears everything of the account)."
    ),
    paths(
        health::health,
        openapi_json,
        auth::login,
        auth::logout,
        auth::me,
        sync::sync,
        share::share,
        share::calendar,
        team::summary,
        team::summary_csv,
        team::access_log,
        cover::team_cover,
        invites::accept,
        sessions::change_password,
        sessions::list,
        sessions::end,
        sessions::revoke_others,
        invites::create,
        invites::list,
        invites::withdraw,
        members::list,
        members::deactivate,
        members::reactivate,
        members::erase_data,
        erase::erase_contact,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "meta", description = "Health and this document"),
        (name = "auth", description = "Login, logout, accepting an invite, and the caller's account, password and sessions"),
        (name = "sync", description = "Push mutations, pull changed records, erase a contact (workers only)"),
        (name = "share", description = "A service user's private link: no login, the token is the capability"),
        (name = "team", description = "Coordinator summaries of the caller's own team, its invites and members, and the access log (coordinators only); the team's cover requests (workers and coordinators)"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// This document.
#[utoipa::path(
    get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3 document of every endpoint", content_type = "application/json"))
)]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
