//! Webhook endpoints for admins: register (the secret shown once), list (without secrets), change, rotate
//! the secret (the previous one keeps signing for the overlap), delete; the delivery log and redelivery.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rules::{self, Event};
use super::store::{self, EndpointChanges, EndpointRow};
use super::target::{self, Refusal};
use crate::accounts::{Actor, Role};
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, Violations};

/// How many messages the delivery log shows.
pub const LOG_LIMIT: i64 = 50;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhook {
    /// Where deliveries are POSTed (http or https; a public address).
    pub url: String,
    /// The events to receive, e.g. `["idea.created", "comment.created"]`.
    pub events: Vec<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhook {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub description: Option<String>,
    /// Turn deliveries on or off (turning on clears the reason it was disabled).
    pub enabled: Option<bool>,
}

/// An endpoint, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookView {
    pub id: String,
    pub url: String,
    pub description: String,
    pub events: Vec<String>,
    pub enabled: bool,
    /// Why it was disabled (`failing`: a day of failed deliveries).
    pub disabled_reason: Option<String>,
    /// Until when the previous secret still signs, after a rotation.
    pub previous_secret_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An endpoint with its secret: only in the answer that made the secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookWithSecret {
    #[serde(flatten)]
    pub webhook: WebhookView,
    /// `whsec_…`: shown this once; verify deliveries with it.
    pub secret: String,
}

/// One attempt to deliver a message.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookAttemptView {
    pub attempted_at: DateTime<Utc>,
    /// The receiver's HTTP status (none when it could not be reached).
    pub response_status: Option<i32>,
    pub duration_ms: i32,
    pub succeeded: bool,
    pub error: Option<String>,
}

/// A message to an endpoint and its attempts.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDeliveryView {
    pub id: i64,
    /// The `webhook-id` header (the same on a redelivery).
    pub msg_id: String,
    pub event: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub attempts: Vec<WebhookAttemptView>,
}

/// What the pages and the API need to check targets.
#[derive(Clone, Copy, Debug)]
pub struct Targets {
    /// `IDEASHELF_WEBHOOK_ALLOW_PRIVATE`: accept loopback and private targets (tests, closed networks).
    pub allow_private: bool,
}

fn ensure_admin(actor: &Actor) -> AppResult<()> {
    if actor.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::forbidden(ErrorCode::AdminsOnly, "Only admins manage webhooks."))
    }
}

fn view(row: &EndpointRow, events: Vec<String>, now: chrono::NaiveDateTime) -> WebhookView {
    WebhookView {
        id: row.id.clone(),
        url: row.url.clone(),
        description: row.description.clone(),
        events,
        enabled: row.enabled,
        disabled_reason: row.disabled_reason.clone(),
        previous_secret_until: row.previous_until.filter(|u| *u > now).map(clock::to_utc),
        created_at: clock::to_utc(row.created_at),
        updated_at: clock::to_utc(row.updated_at),
    }
}

fn events_for(conn: &mut DbConn, id: &str) -> AppResult<Vec<String>> {
    Ok(store::events_of(conn, &[id.to_string()])?.into_iter().map(|(_, e)| e).collect())
}

fn load(conn: &mut DbConn, id: &str) -> AppResult<EndpointRow> {
    store::get(conn, id)?.ok_or_else(|| AppError::not_found("Webhook"))
}

/// Checks a target URL's form and the addresses it resolves to.
async fn check_target(url: &str, targets: Targets) -> AppResult<String> {
    let mut v = Violations::new();
    let parsed = rules::check_url(&mut v, url.trim());
    v.finish()?;
    let Some(parsed) = parsed else { return Err(AppError::field("url", "invalid", "Not a URL.")) };
    match target::resolve(&parsed, targets.allow_private).await {
        Ok(_) => Ok(parsed.to_string()),
        Err(Refusal::Unresolvable) => Err(AppError::unprocessable(
            ErrorCode::WebhookTargetUnresolvable,
            "The URL's host does not resolve; check its spelling.",
        )),
        Err(Refusal::Private(_)) => Err(AppError::unprocessable(
            ErrorCode::WebhookTargetRefused,
            "The URL leads to a loopback, private, link-local or metadata address; webhooks go to public addresses only.",
        )),
    }
}

fn event_names(events: &[Event]) -> Vec<&'static str> {
    events.iter().map(|e| e.as_str()).collect()
}

pub async fn create(db: &Db, actor: &Actor, input: CreateWebhook, targets: Targets) -> AppResult<WebhookWithSecret> {
    ensure_admin(actor)?;
    let mut v = Violations::new();
    let events = rules::check_events(&mut v, &input.events);
    let description = input.description.trim().to_string();
    rules::check_description(&mut v, &description);
    rules::check_url(&mut v, input.url.trim());
    v.finish()?;
    let url = check_target(&input.url, targets).await?;
    let actor_id = actor.id.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let now = clock::now();
            let secret = rules::new_secret();
            let row = EndpointRow {
                id: uuid::Uuid::now_v7().to_string(),
                url,
                description,
                secret: secret.clone(),
                previous_secret: None,
                previous_until: None,
                enabled: true,
                disabled_reason: None,
                created_by: Some(actor_id),
                created_at: now,
                updated_at: now,
            };
            store::insert_endpoint(conn, &row)?;
            let names = event_names(&events);
            store::set_events(conn, &row.id, &names)?;
            let webhook = view(&row, names.iter().map(|s| s.to_string()).collect(), now);
            Ok(WebhookWithSecret { webhook, secret })
        })
    })
    .await
}

pub async fn list(db: &Db, actor: &Actor) -> AppResult<Vec<WebhookView>> {
    ensure_admin(actor)?;
    db.run(|conn| {
        let rows = store::list(conn)?;
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let subs = store::events_of(conn, &ids)?;
        let now = clock::now();
        Ok(rows
            .iter()
            .map(|r| {
                let events = subs.iter().filter(|(id, _)| *id == r.id).map(|(_, e)| e.clone()).collect();
                view(r, events, now)
            })
            .collect())
    })
    .await
}

pub async fn get(db: &Db, actor: &Actor, id: String) -> AppResult<WebhookView> {
    ensure_admin(actor)?;
    db.run(move |conn| {
        let row = load(conn, &id)?;
        let events = events_for(conn, &id)?;
        Ok(view(&row, events, clock::now()))
    })
    .await
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: String,
    input: UpdateWebhook,
    targets: Targets,
) -> AppResult<WebhookView> {
    ensure_admin(actor)?;
    let mut v = Violations::new();
    let events = input.events.as_ref().map(|e| rules::check_events(&mut v, e));
    let description = input.description.map(|d| d.trim().to_string());
    if let Some(d) = &description {
        rules::check_description(&mut v, d);
    }
    v.finish()?;
    let url = match &input.url {
        Some(u) => Some(check_target(u, targets).await?),
        None => None,
    };
    let enabled = input.enabled;
    db.run(move |conn| {
        write_tx(conn, |conn| {
            load(conn, &id)?;
            let now = clock::now();
            let changes = EndpointChanges {
                url,
                description,
                enabled,
                disabled_reason: enabled.filter(|e| *e).map(|_| None),
                updated_at: Some(now),
            };
            store::update(conn, &id, &changes)?;
            if let Some(events) = &events {
                store::set_events(conn, &id, &event_names(events))?;
            }
            let row = load(conn, &id)?;
            let events = events_for(conn, &id)?;
            Ok(view(&row, events, now))
        })
    })
    .await
}

/// A new secret, shown once; the previous one keeps signing for `rules::ROTATION_OVERLAP_HOURS`.
pub async fn rotate(db: &Db, actor: &Actor, id: String) -> AppResult<WebhookWithSecret> {
    ensure_admin(actor)?;
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let row = load(conn, &id)?;
            let now = clock::now();
            let secret = rules::new_secret();
            store::rotate(conn, &id, &secret, &row.secret, now + Duration::hours(rules::ROTATION_OVERLAP_HOURS), now)?;
            let row = load(conn, &id)?;
            let events = events_for(conn, &id)?;
            Ok(WebhookWithSecret { webhook: view(&row, events, now), secret })
        })
    })
    .await
}

pub async fn delete(db: &Db, actor: &Actor, id: String) -> AppResult<()> {
    ensure_admin(actor)?;
    db.run(move |conn| {
        write_tx(conn, |conn| {
            if store::delete(conn, &id)? == 0 {
                return Err(AppError::not_found("Webhook"));
            }
            Ok(())
        })
    })
    .await
}

/// The endpoint's latest messages with their attempts, newest first.
pub async fn deliveries(db: &Db, actor: &Actor, id: String) -> AppResult<Vec<WebhookDeliveryView>> {
    ensure_admin(actor)?;
    db.run(move |conn| {
        load(conn, &id)?;
        let messages = store::messages_of(conn, &id, LOG_LIMIT)?;
        let ids: Vec<i64> = messages.iter().map(|m| m.id).collect();
        let attempts = store::attempts_of(conn, &ids)?;
        Ok(messages
            .into_iter()
            .map(|m| WebhookDeliveryView {
                id: m.id,
                attempts: attempts
                    .iter()
                    .filter(|a| a.message_id == m.id)
                    .map(|a| WebhookAttemptView {
                        attempted_at: clock::to_utc(a.attempted_at),
                        response_status: a.response_status,
                        duration_ms: a.duration_ms,
                        succeeded: a.succeeded,
                        error: a.error.clone(),
                    })
                    .collect(),
                next_attempt_at: (m.status == store::PENDING).then(|| clock::to_utc(m.next_attempt_at)),
                msg_id: m.msg_id,
                event: m.event,
                status: m.status,
                created_at: clock::to_utc(m.created_at),
            })
            .collect())
    })
    .await
}

/// Sends a message again (same `webhook-id` and payload), behind the endpoint's other messages.
pub async fn redeliver(db: &Db, actor: &Actor, id: String, message_id: i64) -> AppResult<()> {
    ensure_admin(actor)?;
    db.run(move |conn| {
        write_tx(conn, |conn| {
            load(conn, &id)?;
            let m = store::message(conn, message_id)?
                .filter(|m| m.endpoint_id == id)
                .ok_or_else(|| AppError::not_found("Delivery"))?;
            store::requeue(conn, &m, clock::now())?;
            Ok(())
        })
    })
    .await
}

/// The events an endpoint may subscribe to (for the pages' forms).
pub fn all_events() -> Vec<&'static str> {
    Event::ALL.iter().map(|e| e.as_str()).collect()
}
