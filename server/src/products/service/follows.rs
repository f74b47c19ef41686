//! Following a product: a follower hears of each new question about it (notifications, kind
//! `product_question`). One row per (product, member), written with ON CONFLICT DO NOTHING, so a repeat
//! changes nothing.

use serde::Serialize;
use utoipa::ToSchema;

use super::catalogue::load;
use crate::accounts::Actor;
use crate::db::{write_tx, Db};
use crate::error::AppResult;
use crate::products::store;

#[derive(Debug, Serialize, ToSchema)]
pub struct FollowState {
    pub following: bool,
    pub followers: i64,
}

/// Follows (or unfollows) a product. Unfollowing is allowed while suspended: it takes back one's own.
pub async fn follow(db: &Db, actor: &Actor, key: String, on: bool) -> AppResult<FollowState> {
    if on {
        actor.ensure_active()?;
    }
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let product = load(conn, &key)?;
            if on {
                store::add_follow(conn, &product.id, &actor.id, crate::clock::now())?;
            } else {
                store::remove_follow(conn, &product.id, &actor.id)?;
            }
            Ok(FollowState { following: on, followers: store::followers(conn, &product.id)? })
        })
    })
    .await
}

/// Whether the member follows the product, and how many do.
pub async fn follow_state(db: &Db, viewer: Option<&Actor>, key: String) -> AppResult<FollowState> {
    let viewer = viewer.map(|v| v.id.clone());
    db.run(move |conn| {
        let product = load(conn, &key)?;
        let following = match viewer {
            Some(v) => store::follows(conn, &product.id, &v)?,
            None => false,
        };
        Ok(FollowState { following, followers: store::followers(conn, &product.id)? })
    })
    .await
}
