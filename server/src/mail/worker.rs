//! Delivers the mail outbox. Every instance runs the worker; the `mail_outbox` lease lets one hand mail over
//! at a time, so no mail is handed over twice by two instances. A mail leaves the outbox once the transport
//! took it; a transient failure (server down, 4xx) is noted and retried (rules.rs); a permanent one (5xx) or
//! a day of failures gives it up with a log line. The member's request never waits for any of it.

use std::time::Duration;

use super::{rules, store, Mailer, SendError};
use crate::clock;
use crate::db::Db;
use crate::error::AppResult;

/// How often an instance looks for due mail (one index lookup when there is none).
pub const POLL: Duration = Duration::from_secs(1);
const LEASE_TTL_SECS: i64 = 60;
const BATCH: i64 = 50;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    pub retrying: usize,
    pub given_up: usize,
}

async fn lease(db: &Db, holder: &str) -> AppResult<bool> {
    let holder = holder.to_string();
    db.run(move |conn| {
        Ok(crate::search::outbox::take_lease(
            conn,
            store::LEASE,
            &holder,
            clock::now(),
            chrono::Duration::seconds(LEASE_TTL_SECS),
        )?)
    })
    .await
}

async fn release(db: &Db, holder: &str) -> AppResult<()> {
    let holder = holder.to_string();
    db.run(move |conn| Ok(crate::search::outbox::release_lease(conn, store::LEASE, &holder).map(|_| ())?)).await
}

/// Hands over every mail due now (taking the lease), then gives the lease back. `None` when another
/// instance holds the lease.
pub async fn deliver_due(db: &Db, mailer: &Mailer, holder: &str) -> AppResult<Option<Delivered>> {
    let now = clock::now();
    if !db.run(move |conn| Ok(store::any_due(conn, now)?)).await? {
        return Ok(Some(Delivered::default()));
    }
    if !lease(db, holder).await? {
        return Ok(None);
    }
    let result = deliver_holding(db, mailer, holder).await;
    release(db, holder).await?;
    result.map(Some)
}

async fn deliver_holding(db: &Db, mailer: &Mailer, holder: &str) -> AppResult<Delivered> {
    let mut done = Delivered::default();
    loop {
        let now = clock::now();
        let rows = db.run(move |conn| Ok(store::due(conn, now, BATCH)?)).await?;
        if rows.is_empty() {
            return Ok(done);
        }
        for row in rows {
            let id = row.id;
            match mailer.send(&row).await {
                Ok(()) => {
                    done.sent += 1;
                    db.run(move |conn| Ok(store::remove(conn, id)?)).await?;
                }
                Err(e) => {
                    let now = clock::now();
                    let age = now - row.created_at;
                    let (permanent, message) = match e {
                        SendError::Permanent(m) => (true, m),
                        SendError::Transient(m) => (false, m),
                    };
                    if permanent || rules::give_up(age) {
                        // No address in the log: the row id and kind say which mail it was.
                        tracing::error!(mail = id, kind = %row.kind, attempts = row.attempts + 1, error = %message,
                            "mail given up");
                        done.given_up += 1;
                        db.run(move |conn| Ok(store::remove(conn, id)?)).await?;
                    } else {
                        let next = now + rules::retry_delay(row.attempts + 1, age);
                        tracing::warn!(mail = id, kind = %row.kind, attempts = row.attempts + 1, error = %message,
                            "mail not handed over; will retry");
                        done.retrying += 1;
                        db.run(move |conn| Ok(store::failed(conn, id, &message, next)?)).await?;
                    }
                }
            }
            // Renew: a slow server must not let another instance take the lease half way.
            if !lease(db, holder).await? {
                return Ok(done);
            }
        }
        if done.retrying > 0 {
            // The rest waits for its next attempt time.
            return Ok(done);
        }
    }
}

/// Turns pending notifications into mail (notifications::mail::relay) until none is left.
pub async fn relay_notifications(db: &Db, links: &crate::notifications::mail::MailLinks) -> AppResult<usize> {
    let mut total = 0;
    loop {
        let l = links.clone();
        let n = db.run(move |conn| crate::notifications::mail::relay(conn, &l)).await?;
        total += n;
        if n == 0 {
            return Ok(total);
        }
    }
}

/// Runs the notification relay and the delivery every `POLL` until the process ends.
pub fn spawn(db: Db, mailer: Mailer, links: crate::notifications::mail::MailLinks) {
    let holder = format!("mail-{}", uuid::Uuid::new_v4());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = relay_notifications(&db, &links).await {
                tracing::warn!(error = %e, "turning notifications into mail failed; retrying at the next tick");
            }
            if let Err(e) = deliver_due(&db, &mailer, &holder).await {
                tracing::warn!(error = %e, "mail delivery failed; retrying at the next tick");
            }
        }
    });
}
