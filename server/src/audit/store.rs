//! Queries of the audit log.

use diesel::prelude::*;

use super::service::Filter;
use super::AuditRow;
use crate::db::schema::audit_log;
use crate::db::DbConn;

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// Entries matching the filter, newest first (UUIDv7 ids sort by time), before the cursor's id; `limit + 1`.
pub fn list(conn: &mut DbConn, f: &Filter, before: Option<String>, limit: i64) -> QueryResult<Vec<AuditRow>> {
    let mut q = audit_log::table.select(AuditRow::as_select()).into_boxed();
    if let Some(b) = before {
        q = q.filter(audit_log::id.lt(b));
    }
    if let Some(a) = &f.actor {
        q = q.filter(lower(audit_log::actor_handle).eq(a.to_lowercase()));
    }
    if let Some(a) = &f.action {
        q = q.filter(audit_log::action.eq(a.clone()));
    }
    if let Some(t) = &f.subject_type {
        q = q.filter(audit_log::target_type.eq(t.clone()));
    }
    if let Some(i) = &f.subject_id {
        q = q.filter(audit_log::target_id.eq(i.clone()));
    }
    if let Some(t) = f.from {
        q = q.filter(audit_log::created_at.ge(t));
    }
    if let Some(t) = f.until {
        q = q.filter(audit_log::created_at.lt(t));
    }
    q.order(audit_log::id.desc()).limit(limit + 1).load(conn)
}
