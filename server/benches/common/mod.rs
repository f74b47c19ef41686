//! What the benchmarks share: a scratch PostgreSQL database of their own.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

/// The URL of database `db_name` on the server `admin` names.
pub fn pg_url_for(admin: &str, db_name: &str) -> String {
    match admin.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{db_name}"),
        None => format!("{admin}/{db_name}"),
    }
}

/// A fresh database `<prefix><uuid>`, dropped when the run ends (also on a
/// panic, terminating the connections still open), unless it is to be kept.
pub struct PgScratch {
    admin: String,
    name: String,
    keep: bool,
}

impl PgScratch {
    /// Creates the database; returns it and its URL.
    pub fn create(admin: &str, prefix: &str, keep: bool) -> anyhow::Result<(PgScratch, String)> {
        let name = format!("{prefix}{}", uuid::Uuid::new_v4().simple());
        let mut c = PgConnection::establish(admin).map_err(|e| anyhow::anyhow!("PostgreSQL at {admin}: {e}"))?;
        c.batch_execute(&format!("CREATE DATABASE \"{name}\""))?;
        let url = pg_url_for(admin, &name);
        Ok((PgScratch { admin: admin.to_string(), name, keep }, url))
    }
}

impl Drop for PgScratch {
    fn drop(&mut self) {
        if self.keep {
            eprintln!("kept PostgreSQL database {}", pg_url_for(&self.admin, &self.name));
            return;
        }
        let (admin, name) = (self.admin.clone(), self.name.clone());
        // A plain thread: Drop may run inside the async runtime.
        let _ = std::thread::spawn(move || {
            if let Ok(mut c) = PgConnection::establish(&admin) {
                if let Err(e) = c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")) {
                    eprintln!("could not drop benchmark database {name}: {e}");
                }
            }
        })
        .join();
    }
}
