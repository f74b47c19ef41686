//! Notification fan-out: a status change on an idea with many supporters.
//!
//!     cargo bench -p ideashelf --bench fanout [-- --supporters 10000 --runs 3 --backend both]
//!
//! For each backend: 10,000 members support one idea (rows inserted directly),
//! then the product team moves it to review through the same domain function
//! the API calls. The move, its timeline event, the author's and every
//! supporter's notification are one transaction; the time of that call is
//! what is measured. The run checks every supporter got exactly one
//! notification.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use ideashelf::accounts::{store as user_store, Actor, Role};
use ideashelf::db::schema::{notifications, supports, users};
use ideashelf::db::Db;
use ideashelf::ideas::service::CreateIdea;
use ideashelf::per_backend;
use ideashelf::tracker::service::TransitionInput;

struct Args {
    supporters: usize,
    runs: usize,
    backends: Vec<&'static str>,
}

fn args() -> Args {
    let mut a = Args { supporters: 10_000, runs: 3, backends: vec!["sqlite", "postgres"] };
    let argv: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < argv.len() {
        match argv[i].as_str() {
            "--supporters" => a.supporters = argv[i + 1].parse().unwrap(),
            "--runs" => a.runs = argv[i + 1].parse().unwrap(),
            "--backend" => {
                a.backends = match argv[i + 1].as_str() {
                    "sqlite" => vec!["sqlite"],
                    "postgres" => vec!["postgres"],
                    _ => vec!["sqlite", "postgres"],
                }
            }
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    a
}

fn pg_admin() -> String {
    std::env::var("IDEASHELF_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn staff(db: &Db, handle: &str, role: Role) -> Actor {
    let id = uuid::Uuid::now_v7().to_string();
    let now = ideashelf::clock::now();
    let mut conn = db.get().unwrap();
    let key = handle.to_lowercase();
    let email = format!("{handle}@bench.invalid");
    user_store::insert(
        &mut conn,
        &user_store::NewUser {
            id: &id,
            handle,
            handle_key: &key,
            email: &email,
            email_key: &email,
            display_name: handle,
            password_hash: "x",
            role,
            locale: None,
            created_at: now,
            updated_at: now,
            email_verified_at: Some(now),
        },
    )
    .unwrap();
    Actor::from_row(&user_store::by_id(&mut conn, &id).unwrap().unwrap())
}

fn main() {
    let args = args();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let mut table = Vec::new();
    for backend in &args.backends {
        let dir = tempfile::tempdir().unwrap();
        let pg_name = format!("ideashelf_fanout_{}", uuid::Uuid::new_v4().simple());
        let url = if *backend == "postgres" {
            let mut admin = diesel::PgConnection::establish(&pg_admin()).unwrap();
            admin.batch_execute(&format!("CREATE DATABASE \"{pg_name}\"")).unwrap();
            let base = pg_admin();
            format!("{}/{pg_name}", base.rsplit_once('/').unwrap().0)
        } else {
            dir.path().join("bench.db").to_string_lossy().into_owned()
        };
        let db = Db::connect(&url, 4).unwrap();
        db.migrate().unwrap();
        // Members: inserted in batches.
        let now = ideashelf::clock::now();
        let member_ids: Vec<String> = (0..args.supporters).map(|_| uuid::Uuid::now_v7().to_string()).collect();
        {
            let mut conn = db.get().unwrap();
            for (chunk_no, chunk) in member_ids.chunks(500).enumerate() {
                let rows: Vec<_> = chunk
                    .iter()
                    .enumerate()
                    .map(|(i, id)| {
                        let handle = format!("m{}_{}", chunk_no, i);
                        (
                            users::id.eq(id.clone()),
                            users::handle.eq(handle.clone()),
                            users::handle_key.eq(handle.clone()),
                            users::email.eq(format!("{handle}@bench.invalid")),
                            users::email_key.eq(format!("{handle}@bench.invalid")),
                            users::display_name.eq(handle),
                            users::password_hash.eq("x"),
                            users::role.eq("member"),
                            users::created_at.eq(now),
                            users::updated_at.eq(now),
                        )
                    })
                    .collect();
                per_backend!(&mut *conn, c => diesel::insert_into(users::table).values(&rows).execute(c)).unwrap();
            }
        }
        let author = staff(&db, "author", Role::Member);
        let team = staff(&db, "team", Role::ProductTeam);
        for run in 0..args.runs {
            let idea = rt
                .block_on(ideashelf::ideas::service::create(
                    &db,
                    &author,
                    CreateIdea {
                        challenge_id: None,
                        title: format!("Fan-out idea {run}"),
                        summary: String::new(),
                        body: String::new(),
                        tags: vec![],
                        images: vec![],
                    },
                ))
                .unwrap();
            let idea_id = idea.id.to_string();
            {
                let mut conn = db.get().unwrap();
                for chunk in member_ids.chunks(1000) {
                    let rows: Vec<_> = chunk
                        .iter()
                        .map(|u| {
                            (
                                supports::idea_id.eq(idea_id.clone()),
                                supports::user_id.eq(u.clone()),
                                supports::created_at.eq(now),
                            )
                        })
                        .collect();
                    per_backend!(&mut *conn, c => diesel::insert_into(supports::table).values(&rows).execute(c))
                        .unwrap();
                }
                let n = i32::try_from(member_ids.len()).unwrap();
                ideashelf::ideas::store::add_supports(&mut conn, &idea_id, n).unwrap();
            }
            let started = Instant::now();
            rt.block_on(ideashelf::tracker::service::transition(
                &db,
                &team,
                ideashelf::ids::IdeaId::parse(&idea_id).unwrap(),
                TransitionInput {
                    to: "in_review".into(),
                    note: "Reviewing".into(),
                    reason: None,
                    product: None,
                    override_evaluations: false,
                },
            ))
            .unwrap();
            let elapsed = started.elapsed();
            let mut conn = db.get().unwrap();
            let sent: i64 = notifications::table
                .filter(notifications::idea_id.eq(&idea_id))
                .count()
                .get_result(&mut *conn)
                .unwrap();
            assert_eq!(sent, i64::try_from(member_ids.len()).unwrap() + 1, "every supporter and the author");
            table.push((backend.to_string(), run + 1, elapsed.as_secs_f64() * 1000.0));
        }
        drop(db);
        if *backend == "postgres" {
            let mut admin = diesel::PgConnection::establish(&pg_admin()).unwrap();
            admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{pg_name}\" WITH (FORCE)")).unwrap();
        }
    }
    println!(
        "\nstatus change on an idea with {} supporters (one transaction: move, event, {} notifications)",
        args.supporters,
        args.supporters + 1
    );
    println!("{:<10} {:>4} {:>10}", "backend", "run", "ms");
    for (b, run, ms) in &table {
        println!("{b:<10} {run:>4} {ms:>10.1}");
    }
}
