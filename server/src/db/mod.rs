//! The database: one connection type over SQLite and PostgreSQL, a pool,
//! embedded migrations, and the transaction helpers every write goes through.

pub mod columns;
pub mod schema;

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::AppError;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// One connection, either backend. Queries written against `DbConn` run on both.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

/// Runs the same body with the concrete connection of each backend, for the few
/// statements MultiConnection cannot express (upserts with ON CONFLICT).
#[macro_export]
macro_rules! per_backend {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::db::DbConn::Pg($c) => $body,
            $crate::db::DbConn::Sqlite($c) => $body,
        }
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Backend {
    /// The backend named by a database URL's scheme. Anything that is not a
    /// PostgreSQL URL is a SQLite path (optionally `sqlite://`-prefixed).
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// Builds connections from the URL scheme ourselves: MultiConnection's own
/// `establish` would take a mistyped PostgreSQL URL as a SQLite file name.
#[derive(Clone, Debug)]
pub struct ConnectionManager {
    url: String,
    backend: Backend,
}

/// Two settings every SQLite connection this process opens gets, from an automatic extension registered
/// once (diesel does not hand out its connection's handle).
///
/// **Planning without bound values.** SQLite's planner may look at the value bound to a parameter, and a
/// statement whose plan did so is prepared again each time that parameter is bound anew. The bundled
/// SQLite does so for every `LIMIT ?`, which diesel writes for every `.first()` and `.limit(n)`: under
/// the load benchmark's supports, re-preparing cached statements took 7 % of the app's CPU
/// (docs/BENCHMARKS.md, "Profiles"). The query planner stability guarantee (`SQLITE_DBCONFIG_ENABLE_QPSG`)
/// plans without the bound values, so a cached statement is prepared once. Our plans never need the
/// values: no table has planner statistics; a query that should use a partial index states the index's
/// own condition, not a bound value (`notifications::mail`'s relay, tested there); and no bound `LIKE`
/// pattern could use an index anyway (each starts with `%`, or, as `challenge:%` in the ledger's
/// verification, is matched case-insensitively against a column without `COLLATE NOCASE`).
///
/// **Waiting for the write lock** (`wait_for_write_lock`). One writer at a time holds SQLite's write
/// lock; the others wait in the busy handler. SQLite's own (`PRAGMA busy_timeout`) sleeps 1, 2, 5, 10,
/// 15, 20, 25 … up to 100 ms between tries, while a support holds the lock for about a millisecond:
/// a writer that lost a few rounds slept through many releases, and under the load benchmark the cores
/// were a quarter idle with a support's p99 at 350 ms. Ours tries again after 0.25, 0.5, 1 and 2 ms,
/// then every 4 ms, and gives up after 15 s as before. Polling faster (every 0.8 ms) cost more CPU in
/// the tries than it won (docs/BENCHMARKS.md). No connection may set `busy_timeout`: it would put
/// SQLite's own handler back.
fn configure_sqlite_connections() {
    use libsqlite3_sys as ffi;
    use std::ffi::{c_char, c_int, c_void};

    unsafe extern "C" fn configure(
        db: *mut ffi::sqlite3,
        _err: *mut *mut c_char,
        _api: *const ffi::sqlite3_api_routines,
    ) -> c_int {
        let mut state: c_int = 0;
        // SAFETY: SQLite calls this with the handle it is opening; ENABLE_QPSG takes an int (1: on) and a
        // pointer to an int that receives the resulting state.
        let rc = unsafe { ffi::sqlite3_db_config(db, ffi::SQLITE_DBCONFIG_ENABLE_QPSG, 1 as c_int, &mut state) };
        if rc == ffi::SQLITE_OK && state == 1 {
            QPSG_CONNECTIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        // SAFETY: the same handle; the handler is a plain function and needs no argument.
        unsafe { ffi::sqlite3_busy_handler(db, Some(wait_for_write_lock), std::ptr::null_mut()) };
        ffi::SQLITE_OK
    }

    unsafe extern "C" fn wait_for_write_lock(_arg: *mut c_void, tries: c_int) -> c_int {
        match busy_pause(tries) {
            Some(pause) => {
                BUSY_WAITS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                std::thread::sleep(pause);
                1
            }
            None => 0,
        }
    }

    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: registers a function with the signature SQLite expects; it stays valid for the process.
        unsafe { ffi::sqlite3_auto_extension(Some(configure)) };
    });
}

/// The pause before a waiting writer's next try for SQLite's write lock, after `tries` tries (SQLite
/// counts from 0); `None`: give up (SQLITE_BUSY), after at least `BUSY_GIVE_UP` of pauses.
fn busy_pause(tries: i32) -> Option<Duration> {
    const SHORT: [u64; 4] = [250, 500, 1_000, 2_000];
    const STEADY_MICROS: u64 = 4_000;
    let tries = u64::try_from(tries).unwrap_or(0);
    let short_total: u64 = SHORT.iter().sum();
    let steady_tries = (BUSY_GIVE_UP.as_micros() as u64).saturating_sub(short_total).div_ceil(STEADY_MICROS);
    match SHORT.get(tries as usize) {
        Some(&micros) => Some(Duration::from_micros(micros)),
        None if tries < SHORT.len() as u64 + steady_tries => Some(Duration::from_micros(STEADY_MICROS)),
        None => None,
    }
}

/// How long a writer waits for SQLite's write lock before the statement fails as busy.
const BUSY_GIVE_UP: Duration = Duration::from_secs(15);

/// SQLite connections that SQLite confirmed plan without bound values (read back from SQLite, for the test).
static QPSG_CONNECTIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
/// Pauses taken in our busy handler (for the test that proves it is the one SQLite calls).
static BUSY_WAITS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl ConnectionManager {
    pub fn new(url: &str) -> Self {
        let backend = Backend::of_url(url);
        if backend == Backend::Sqlite {
            configure_sqlite_connections();
        }
        let url = match backend {
            Backend::Sqlite => url.trim_start_matches("sqlite://").to_string(),
            Backend::Postgres => url.to_string(),
        };
        ConnectionManager { url, backend }
    }
}

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = DbConn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConn, Self::Error> {
        match self.backend {
            Backend::Postgres => {
                PgConnection::establish(&self.url).map(DbConn::Pg).map_err(diesel::r2d2::Error::ConnectionError)
            }
            Backend::Sqlite => {
                let mut conn = SqliteConnection::establish(&self.url).map_err(diesel::r2d2::Error::ConnectionError)?;
                // WAL lets readers run beside the one writer; NORMAL is durable
                // across application crashes. Writers wait for each other in our busy handler
                // (configure_sqlite_connections), not in SQLite's own.
                conn.batch_execute(
                    "PRAGMA journal_mode = WAL;
                     PRAGMA synchronous = NORMAL;
                     PRAGMA foreign_keys = ON;",
                )
                .map_err(diesel::r2d2::Error::QueryError)?;
                Ok(DbConn::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1").map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

pub type Pool = r2d2::Pool<ConnectionManager>;
pub type PooledConn = r2d2::PooledConnection<ConnectionManager>;

/// The application's handle on the database. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    backend: Backend,
    /// Callers waiting for a pooled connection right now (the metrics' `waiting`).
    waiting: std::sync::Arc<std::sync::atomic::AtomicI64>,
}

/// The pool as the metrics show it.
#[derive(Clone, Copy, Debug)]
pub struct PoolStatus {
    pub max: u32,
    pub connections: u32,
    pub idle: u32,
    pub waiting: i64,
}

/// Counts a caller as waiting from `get` until the pool answers.
fn checkout(pool: &Pool, waiting: &std::sync::atomic::AtomicI64) -> Result<PooledConn, AppError> {
    use std::sync::atomic::Ordering::Relaxed;
    waiting.fetch_add(1, Relaxed);
    let conn = pool.get();
    waiting.fetch_sub(1, Relaxed);
    conn.map_err(|e| AppError::internal(format!("database pool: {e}")))
}

impl Db {
    pub fn connect(url: &str, max_size: u32) -> anyhow::Result<Db> {
        let manager = ConnectionManager::new(url);
        let backend = manager.backend;
        if backend == Backend::Sqlite {
            // WAL is kept in the database file. Switching to it takes a lock
            // the pool's connections, opened side by side, would fight over
            // ("database is locked" at start); one connection switches first.
            let mut first = SqliteConnection::establish(&manager.url)?;
            first.batch_execute("PRAGMA journal_mode = WAL;")?;
        }
        let pool =
            r2d2::Pool::builder().max_size(max_size).connection_timeout(Duration::from_secs(15)).build(manager)?;
        Ok(Db { pool, backend, waiting: Default::default() })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn get(&self) -> Result<PooledConn, AppError> {
        checkout(&self.pool, &self.waiting)
    }

    /// Connections open, idle, the maximum, and callers waiting for one.
    pub fn pool_status(&self) -> PoolStatus {
        let state = self.pool.state();
        PoolStatus {
            max: self.pool.max_size(),
            connections: state.connections,
            idle: state.idle_connections,
            waiting: self.waiting.load(std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Runs blocking database work off the async workers.
    pub async fn run<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
    {
        let (pool, waiting) = (self.pool.clone(), self.waiting.clone());
        let joined = tokio::task::spawn_blocking(move || {
            let mut conn = checkout(&pool, &waiting)?;
            f(&mut conn)
        })
        .await;
        match joined {
            Ok(result) => result,
            Err(e) => Err(AppError::internal(format!("database task failed: {e}"))),
        }
    }

    /// Applies pending migrations. On PostgreSQL an advisory lock keeps several
    /// instances starting at once from racing each other.
    pub fn migrate(&self) -> anyhow::Result<usize> {
        let mut conn = self.pool.get()?;
        let applied = match &mut *conn {
            DbConn::Pg(c) => {
                c.batch_execute("SELECT pg_advisory_lock(727274001)")?;
                let result = c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|v| v.len());
                c.batch_execute("SELECT pg_advisory_unlock(727274001)")?;
                result
            }
            DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
        };
        applied.map_err(|e| anyhow::anyhow!("migrations failed: {e}"))
    }
}

/// A write transaction. On SQLite it takes the write lock at BEGIN
/// (`BEGIN IMMEDIATE`), so two writers never deadlock upgrading a read lock;
/// on PostgreSQL it is a plain READ COMMITTED transaction whose statements are
/// written to be exact under it (conditional updates, row locks).
pub fn write_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConn::Pg(_) => conn.transaction(f),
        DbConn::Sqlite(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
            let result = f(conn);
            let DbConn::Sqlite(inner) = conn else {
                // The backend of a connection cannot change inside a transaction.
                return Err(diesel::result::Error::BrokenTransactionManager.into());
            };
            match result {
                Ok(value) => match AnsiTransactionManager::commit_transaction(inner) {
                    Ok(()) => Ok(value),
                    Err(commit_error) => {
                        let _ = AnsiTransactionManager::rollback_transaction(inner);
                        Err(commit_error.into())
                    }
                },
                Err(e) => {
                    AnsiTransactionManager::rollback_transaction(inner)?;
                    Err(e)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering::Relaxed;

    /// Every pooled SQLite connection plans without bound values: SQLite itself reports the setting on.
    #[test]
    fn sqlite_connections_plan_without_bound_values() {
        let dir = tempfile::tempdir().unwrap();
        let before = QPSG_CONNECTIONS.load(Relaxed);
        let db = Db::connect(&format!("sqlite://{}", dir.path().join("qpsg.db").display()), 3).unwrap();
        let conns = [db.get().unwrap(), db.get().unwrap(), db.get().unwrap()];
        assert!(QPSG_CONNECTIONS.load(Relaxed) >= before + conns.len());
    }

    /// A waiting writer tries again after a quarter of a millisecond at first, never waits more than 4 ms
    /// between tries, and gives up after 15 s of pauses, no sooner.
    #[test]
    fn a_waiting_writer_pauses_briefly_and_gives_up_after_15_seconds() {
        assert_eq!(busy_pause(0), Some(Duration::from_micros(250)));
        assert_eq!(busy_pause(3), Some(Duration::from_millis(2)));
        assert_eq!(busy_pause(4), Some(Duration::from_millis(4)));
        assert!((0..).map_while(busy_pause).all(|p| p <= Duration::from_millis(4)));
        let total: Duration = (0..).map_while(busy_pause).sum();
        assert!(total >= BUSY_GIVE_UP && total < BUSY_GIVE_UP + Duration::from_millis(4), "{total:?}");
        assert_eq!(busy_pause(-1), Some(Duration::from_micros(250)), "a count SQLite never gives is no panic");
    }

    /// A second writer waits in our busy handler, not in SQLite's own, and gets the lock once the first
    /// commits; no connection put SQLite's handler back.
    #[test]
    fn writers_wait_for_each_other_in_our_busy_handler() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::connect(&format!("sqlite://{}", dir.path().join("busy.db").display()), 2).unwrap();
        let mut first = db.get().unwrap();
        first.batch_execute("CREATE TABLE t (n INTEGER)").unwrap();
        let before = BUSY_WAITS.load(Relaxed);
        let second = write_tx(&mut first, |c| -> QueryResult<_> {
            c.batch_execute("INSERT INTO t VALUES (1)")?;
            let db = db.clone();
            let second = std::thread::spawn(move || {
                let mut conn = db.get().map_err(|e| e.to_string())?;
                write_tx(&mut conn, |c| c.batch_execute("INSERT INTO t VALUES (2)")).map_err(|e| e.to_string())
            });
            // The second writer waits for the lock this transaction holds, until it commits.
            let started = std::time::Instant::now();
            while BUSY_WAITS.load(Relaxed) == before {
                assert!(started.elapsed() < Duration::from_secs(10), "the second writer never waited in our handler");
                std::thread::sleep(Duration::from_millis(1));
            }
            Ok(second)
        })
        .unwrap();
        second.join().unwrap().unwrap();
        let count: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>("(SELECT COUNT(*) FROM t)"))
            .get_result(&mut *first)
            .unwrap();
        assert_eq!(count, 2);
    }
}
