//! Review-spike alerts: the product team's list and resolving one.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::catalogue::ensure_product_team;
use crate::accounts::Actor;
use crate::clock;
use crate::db::{write_tx, Db};
use crate::error::{AppError, AppResult};
use crate::ids::{AlertId, ProductId};
use crate::products::store::{self, AlertRow, ProductRow};

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct AlertView {
    pub id: AlertId,
    pub product_id: ProductId,
    pub product_slug: String,
    pub product_name: String,
    /// `review_spike`.
    pub kind: String,
    /// Low ratings (1–2 stars) inside the window when the alert was raised.
    pub low_ratings: i32,
    pub window_hours: i32,
    /// Low ratings the product usually gets in such a window.
    pub usual_rate: f64,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

pub(super) fn alert_view(a: &AlertRow, p: Option<&ProductRow>) -> AlertView {
    AlertView {
        id: a.id.clone(),
        product_id: a.product_id.clone(),
        product_slug: p.map(|p| p.slug.clone()).unwrap_or_default(),
        product_name: p.map(|p| p.name.clone()).unwrap_or_default(),
        kind: a.kind.clone(),
        low_ratings: a.low_ratings,
        window_hours: a.window_hours,
        usual_rate: (a.usual_rate * 100.0).round() / 100.0,
        created_at: clock::to_utc(a.created_at),
        resolved_at: a.resolved_at.map(clock::to_utc),
    }
}

/// Open review-spike alerts, newest first (the product team's list).
pub async fn alerts(db: &Db, actor: &Actor) -> AppResult<Vec<AlertView>> {
    ensure_product_team(actor)?;
    db.run(|conn| {
        let alerts = store::open_alerts(conn, None)?;
        let ids: Vec<String> = alerts.iter().map(|a| a.product_id.to_string()).collect();
        let products: HashMap<String, ProductRow> =
            store::by_ids(conn, &ids)?.into_iter().map(|p| (p.id.to_string(), p)).collect();
        Ok(alerts.iter().map(|a| alert_view(a, products.get(a.product_id.as_str()))).collect())
    })
    .await
}

pub async fn resolve_alert(db: &Db, actor: &Actor, id: AlertId) -> AppResult<AlertView> {
    ensure_product_team(actor)?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let alert = store::alert_by_id(conn, &id)?.ok_or_else(|| AppError::not_found("Alert"))?;
            store::resolve_alert(conn, &id, &actor.id, clock::now())?;
            crate::audit::record(
                conn,
                &actor,
                "product.alert_resolved",
                "product",
                &alert.product_id,
                None,
                json!({"alert": id}),
            )?;
            let alert = store::alert_by_id(conn, &id)?.ok_or_else(|| AppError::not_found("Alert"))?;
            let product = store::by_id(conn, &alert.product_id)?;
            Ok(alert_view(&alert, product.as_ref()))
        })
    })
    .await
}
