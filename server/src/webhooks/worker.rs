//! Delivers the webhook outbox. Every instance runs the worker. It takes, per enabled endpoint, the oldest
//! pending message that is due, claiming it with a conditional UPDATE (`store::claim`), so two instances never
//! send the same message at once and a later message never overtakes an earlier one of the same endpoint.
//! A message is delivered after a 2xx; otherwise the attempt is logged and retried on the schedule of
//! rules.rs; after a day of failures the message fails, the endpoint is disabled and the admins are notified.
//! If an instance dies while it holds a message, the claim runs out and another instance sends it
//! (at least once: receivers tell a repeat by its `webhook-id`).

use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use serde_json::json;

use super::store::{self, EndpointRow, MessageRow, NewAttempt};
use super::{rules, target, DISABLED_KIND};
use crate::clock;
use crate::db::{write_tx, Db};
use crate::error::AppResult;

/// How often an instance looks for due messages.
pub const POLL: Duration = Duration::from_secs(1);
/// How long a claim holds: longer than a delivery may take.
const CLAIM_SECS: i64 = 60;
const BATCH: i64 = 50;
const MAX_ROUNDS: usize = 100;

/// How deliveries are made.
#[derive(Clone, Copy, Debug)]
pub struct Sender {
    /// `IDEASHELF_WEBHOOK_ALLOW_PRIVATE`: deliver to loopback and private addresses too.
    pub allow_private: bool,
    pub timeout: Duration,
}

impl Sender {
    pub fn new(allow_private: bool) -> Sender {
        Sender { allow_private, timeout: Duration::from_secs(rules::TIMEOUT_SECS) }
    }
}

#[derive(Debug, Default, PartialEq, Eq, Clone, Copy)]
pub struct Delivered {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

/// What one attempt came to.
struct Outcome {
    status: Option<u16>,
    duration_ms: i32,
    error: Option<String>,
}

impl Sender {
    /// POSTs the message, signed with the endpoint's secret (and the previous one during a rotation's
    /// overlap), to an address checked against the SSRF rules, redirects not followed.
    async fn send(&self, endpoint: &EndpointRow, m: &MessageRow) -> Outcome {
        let started = Instant::now();
        let fail = |error: String| Outcome {
            status: None,
            duration_ms: i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX),
            error: Some(error),
        };
        let Ok(url) = url::Url::parse(&endpoint.url) else { return fail("the endpoint's URL does not parse".into()) };
        let addrs = match target::resolve(&url, self.allow_private).await {
            Ok(a) => a,
            Err(refusal) => return fail(refusal.to_string()),
        };
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(self.timeout)
            .no_proxy()
            .user_agent("ideashelf-webhooks/1");
        // Connect only to the addresses just checked: a second lookup (DNS rebinding) cannot redirect us.
        if let Some(url::Host::Domain(name)) = url.host() {
            builder = builder.resolve_to_addrs(name, &addrs);
        }
        let client = match builder.build() {
            Ok(c) => c,
            Err(e) => return fail(format!("building the HTTP client: {e}")),
        };
        let now = clock::now();
        let timestamp = clock::to_utc(now).timestamp();
        let mut secrets = vec![endpoint.secret.as_str()];
        if let (Some(prev), Some(until)) = (&endpoint.previous_secret, endpoint.previous_until) {
            if until > now {
                secrets.push(prev.as_str());
            }
        }
        let signature = rules::signature_header(&secrets, &m.msg_id, timestamp, &m.payload);
        let sent = client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", &m.msg_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(m.payload.clone())
            .send()
            .await;
        let duration_ms = i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
        match sent {
            Ok(res) => {
                let status = res.status().as_u16();
                Outcome {
                    status: Some(status),
                    duration_ms,
                    error: (!rules::delivered(status)).then(|| format!("HTTP {status}")),
                }
            }
            Err(e) => {
                let what = if e.is_timeout() {
                    "timed out"
                } else if e.is_connect() {
                    "could not connect"
                } else {
                    "request failed"
                };
                Outcome { status: None, duration_ms, error: Some(what.into()) }
            }
        }
    }
}

/// Sends every message due at `now` (the worker passes the clock; a test may pass a later time).
pub async fn deliver_due(db: &Db, sender: Sender, holder: &str, now: NaiveDateTime) -> AppResult<Delivered> {
    let mut done = Delivered::default();
    for _ in 0..MAX_ROUNDS {
        let h = holder.to_string();
        let claimed = db
            .run(move |conn| {
                let heads = store::due_heads(conn, now, BATCH)?;
                let until = now + chrono::Duration::seconds(CLAIM_SECS);
                let mut claimed = Vec::new();
                for id in heads {
                    if store::claim(conn, id, &h, now, until)? {
                        claimed.push(id);
                    }
                }
                Ok(claimed)
            })
            .await?;
        if claimed.is_empty() {
            break;
        }
        // Different endpoints in parallel; one message per endpoint at a time.
        let results =
            futures_util::future::join_all(claimed.into_iter().map(|id| deliver_one(db, sender, holder, id, now)))
                .await;
        for r in results {
            match r? {
                Step::Sent => done.sent += 1,
                Step::Retrying => done.retrying += 1,
                Step::Failed => done.failed += 1,
                Step::Gone => {}
            }
        }
    }
    Ok(done)
}

enum Step {
    Sent,
    Retrying,
    Failed,
    Gone,
}

async fn deliver_one(db: &Db, sender: Sender, holder: &str, id: i64, now: NaiveDateTime) -> AppResult<Step> {
    let loaded = db
        .run(move |conn| {
            let Some(m) = store::message(conn, id)? else { return Ok(None) };
            Ok(store::get(conn, &m.endpoint_id)?.map(|e| (m, e)))
        })
        .await?;
    let Some((m, endpoint)) = loaded else { return Ok(Step::Gone) };
    let outcome = sender.send(&endpoint, &m).await;
    let holder = holder.to_string();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let succeeded = outcome.status.is_some_and(rules::delivered);
            store::insert_attempt(
                conn,
                &NewAttempt {
                    message_id: m.id,
                    endpoint_id: &m.endpoint_id,
                    attempted_at: clock::now(),
                    response_status: outcome.status.map(i32::from),
                    duration_ms: outcome.duration_ms,
                    succeeded,
                    error: outcome.error.as_deref(),
                },
            )?;
            if succeeded {
                store::finish(conn, m.id, &holder, store::DELIVERED, now)?;
                return Ok(Step::Sent);
            }
            // No URL or payload in the log: the ids say which delivery it was.
            tracing::warn!(endpoint = %m.endpoint_id, message = m.id, attempts = m.attempts + 1,
                error = outcome.error.as_deref().unwrap_or(""), "webhook not delivered");
            match rules::next_attempt(m.attempts + 1, m.created_at, now) {
                Some(next) => {
                    store::retry_at(conn, m.id, &holder, next)?;
                    Ok(Step::Retrying)
                }
                None => {
                    store::finish(conn, m.id, &holder, store::FAILED, now)?;
                    if store::disable(conn, &m.endpoint_id, "failing", now)? {
                        tracing::error!(endpoint = %m.endpoint_id, "webhook endpoint disabled after a day of failures");
                        let data = json!({
                            "webhook_id": m.endpoint_id,
                            "url": endpoint.url,
                            "description": endpoint.description,
                        });
                        store::notify_admins(conn, DISABLED_KIND, &data, now)?;
                    }
                    Ok(Step::Failed)
                }
            }
        })
    })
    .await
}

/// Runs the delivery every `POLL` until the process ends.
pub fn spawn(db: Db, sender: Sender) {
    let holder = format!("webhooks-{}", uuid::Uuid::new_v4());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = deliver_due(&db, sender, &holder, clock::now()).await {
                tracing::warn!(error = %e, "webhook delivery failed; retrying at the next tick");
            }
        }
    });
}
