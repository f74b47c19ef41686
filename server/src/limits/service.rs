//! Taking a write from a member's and a client address's allowance, exactly
//! across instances: the check and the count are one write transaction that
//! holds the bucket's row, so two instances on one database count one after
//! the other and the sixth idea within an hour is refused by whichever gets it.

use chrono::Duration;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::rules::{self, Action, Bucket, Limits, Reading};
use super::store;
use crate::clock;
use crate::db::{write_tx, Db};
use crate::error::{AppError, AppResult};

/// Who writes: the signed-in member, if any, and the client's address as a
/// keyed hash (the address itself is never stored).
#[derive(Clone, Debug, Default)]
pub struct Writer {
    pub member: Option<String>,
    pub address: Option<String>,
}

impl Writer {
    fn buckets(&self, action: Action) -> Vec<(String, Bucket)> {
        let mut out = Vec::new();
        if action.per_member() {
            if let Some(m) = &self.member {
                out.push((format!("u:{m}"), Bucket::Member));
            }
        }
        if let Some(a) = &self.address {
            out.push((format!("a:{a}"), Bucket::Address));
        }
        out
    }
}

/// A client address as the buckets know it: HMAC-SHA256 under a key of the
/// server's, so the table holds nothing that names an address.
pub fn address_key(secret: &[u8], address: &std::net::IpAddr) -> Option<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).ok()?;
    mac.update(b"write-limits\0");
    mac.update(address.to_string().as_bytes());
    Some(hex::encode(&mac.finalize().into_bytes()[..16]))
}

/// The writes a request took: given back if the request fails.
#[derive(Debug, Default)]
pub struct Taken(Vec<i64>);

/// Counts one `action` for the writer's buckets, or refuses with 429
/// `rate_limited` and the seconds until another fits.
pub async fn take(db: &Db, limits: &Limits, action: Action, writer: &Writer) -> AppResult<Taken> {
    let plan: Vec<(String, Vec<rules::Quota>)> = writer
        .buckets(action)
        .into_iter()
        .map(|(key, bucket)| (key, limits.for_bucket(action, bucket)))
        .filter(|(_, quotas)| !quotas.is_empty())
        .collect();
    if plan.is_empty() {
        return Ok(Taken::default());
    }
    let longest = limits.longest(action);
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let now = clock::now();
            let name = action.as_str();
            let mut readings = Vec::new();
            // Members before addresses, always: two checks never wait on each other crosswise.
            for (key, quotas) in &plan {
                store::lock(conn, key, name, now)?;
                store::prune(conn, key, name, now - Duration::seconds(longest))?;
                for q in quotas {
                    let (count, oldest) = store::window(conn, key, name, now - Duration::seconds(q.seconds))?;
                    readings.push(Reading { quota: *q, count, oldest });
                }
            }
            if let Err(retry_after) = rules::decide(&readings, now) {
                return Err(AppError::TooManyRequests { retry_after });
            }
            let mut ids = Vec::with_capacity(plan.len());
            for (key, _) in &plan {
                ids.push(store::insert(conn, key, name, now)?);
            }
            Ok(Taken(ids))
        })
    })
    .await
}

/// Gives the writes back: the request they were taken for did not write.
pub async fn give_back(db: &Db, taken: Taken) {
    if taken.0.is_empty() {
        return;
    }
    let result = db.run(move |conn| write_tx(conn, |conn| Ok(store::delete(conn, &taken.0)?))).await;
    if let Err(e) = result {
        tracing::warn!(error = %e, "giving back a counted write failed");
    }
}

/// The jobs: forgets counted writes older than a day (no window is longer by default; a longer
/// configured one prunes its own bucket on each check).
pub fn sweep(conn: &mut crate::db::DbConn, now: chrono::NaiveDateTime) -> AppResult<usize> {
    Ok(store::sweep(conn, now - Duration::days(1))?)
}
