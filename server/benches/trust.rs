//! Vote-ring detection on a synthetic community (docs/TRUST.md, numbers in docs/BENCHMARKS.md "Trust").
//!
//!     cargo bench -p ideashelf --bench trust [-- --members 20000 --ideas 5000 --supports 300000 --seed 17]
//!
//! A seeded community is written to a fresh SQLite database: members with heavy-tailed activity (and some
//! loyal to one author), ideas with Zipf popularity, organic supports over a year, registrations from shared
//! networks (offices, universities, families on one device), organic signup bursts (a company event), and
//! three ideas shared on social media (1,500 supports within two hours, 300 new accounts among them). On top
//! come rings of 5, 10, 30, 100 and 200 accounts, three of each size and kind:
//!
//! - naive: one address, registered within minutes, three targets supported within the same minutes, nothing else;
//! - careful: an address (and /24) per account (a quarter share one with another), registered over 60 days,
//!   each supporting a random 60–100 % of four targets over 14 days, a week or more after registering, plus 2–6
//!   supports of popular ideas spread over the year.
//!
//! Then the real scan (`trust::service::scan`: load, detect, store the cases) runs, timed, and the cases are
//! read back: per ring kind and size the share of the ring's target supports flagged (recall), and the share
//! of organic accounts flagged (false positives).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::time::Instant;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use ideashelf::db::schema::{trust_case_members, trust_case_supports};
use ideashelf::db::Db;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const DAY: i64 = 86_400;

struct Args {
    members: usize,
    ideas: usize,
    supports: usize,
    seed: u64,
    params: ideashelf::trust::rules::Params,
    /// Print every case with its score and its ring and organic accounts (run with a low --flag-score).
    diagnose: bool,
}

fn args() -> Args {
    let mut a = Args {
        members: 20_000,
        ideas: 5_000,
        supports: 300_000,
        seed: 17,
        params: ideashelf::trust::rules::Params::default(),
        diagnose: false,
    };
    let argv: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i + 1 < argv.len() {
        match argv[i].as_str() {
            "--members" => a.members = argv[i + 1].parse().unwrap(),
            "--ideas" => a.ideas = argv[i + 1].parse().unwrap(),
            "--supports" => a.supports = argv[i + 1].parse().unwrap(),
            "--seed" => a.seed = argv[i + 1].parse().unwrap(),
            // The detector's knobs, to try others without rebuilding.
            "--flag-score" => a.params.flag_score = argv[i + 1].parse().unwrap(),
            "--link-weight" => a.params.link_weight = argv[i + 1].parse().unwrap(),
            "--link-share" => a.params.link_share = argv[i + 1].parse().unwrap(),
            "--link-shared" => a.params.link_shared = argv[i + 1].parse().unwrap(),
            "--pair-cap" => a.params.pair_cap = argv[i + 1].parse().unwrap(),
            "--max-group" => a.params.max_group = argv[i + 1].parse().unwrap(),
            "--candidate-share" => a.params.candidate_share = argv[i + 1].parse().unwrap(),
            "--w-target" => a.params.weights.target = argv[i + 1].parse().unwrap(),
            "--w-density" => a.params.weights.density = argv[i + 1].parse().unwrap(),
            "--w-burst" => a.params.weights.burst = argv[i + 1].parse().unwrap(),
            "--w-young" => a.params.weights.young = argv[i + 1].parse().unwrap(),
            "--w-sync" => a.params.weights.sync = argv[i + 1].parse().unwrap(),
            "--w-quiet" => a.params.weights.quiet = argv[i + 1].parse().unwrap(),
            "--w-lift" => a.params.weights.lift = argv[i + 1].parse().unwrap(),
            "--lift-at" => a.params.weights.lift_at = argv[i + 1].parse().unwrap(),
            "--diagnose" => a.diagnose = argv[i + 1] == "1",
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    a
}

struct Member {
    created: i64,
    net: String,
    addr: String,
    device: Option<String>,
    /// None: organic; Some(ring index).
    ring: Option<usize>,
}

struct Ring {
    kind: &'static str,
    size: usize,
    targets: Vec<usize>,
    members: Vec<usize>,
}

/// Picks an index with probability proportional to `cumulative`'s weights.
fn pick(rng: &mut StdRng, cumulative: &[f64]) -> usize {
    let total = *cumulative.last().unwrap();
    let x = rng.random::<f64>() * total;
    cumulative.partition_point(|&c| c < x).min(cumulative.len() - 1)
}

fn cumulate(weights: &[f64]) -> Vec<f64> {
    let mut sum = 0.0;
    weights
        .iter()
        .map(|w| {
            sum += w;
            sum
        })
        .collect()
}

fn ts(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0).unwrap().naive_utc().format("'%Y-%m-%d %H:%M:%S'").to_string()
}

fn uid(i: usize) -> String {
    format!("01900000-0000-7000-8000-{i:012x}")
}

fn iid(i: usize) -> String {
    format!("01900000-0000-7000-9000-{i:012x}")
}

fn main() {
    let a = args();
    let mut rng = StdRng::seed_from_u64(a.seed);
    // A fixed "now", so that every run draws the same community.
    let now = 1_790_000_000;
    let start = now - 365 * DAY;
    let t_gen = Instant::now();

    // Members: organic, with networks shared by offices and universities, some families on one device.
    let mut members: Vec<Member> = Vec::new();
    for i in 0..a.members {
        let created = start + rng.random_range(0..330 * DAY);
        let (net, addr) = if rng.random::<f64>() < 0.3 {
            // One of 300 shared networks (NAT: a tenth of those share the address too).
            let n = rng.random_range(0..300);
            let addr = if rng.random::<f64>() < 0.1 { format!("{n}.nat") } else { format!("{n}.{i}") };
            (format!("shared{n}"), addr)
        } else {
            (format!("home{i}"), format!("home{i}.1"))
        };
        let device =
            if i > 0 && rng.random::<f64>() < 0.01 { Some(format!("dev{}", i - 1)) } else { Some(format!("dev{i}")) };
        members.push(Member { created, net, addr, device, ring: None });
    }
    // Organic signup bursts: five company events, 15 colleagues from one network within the hour.
    for e in 0..5 {
        let at = start + rng.random_range(30 * DAY..300 * DAY);
        for k in 0..15 {
            let m = rng.random_range(0..a.members);
            members[m].created = at + k * 120;
            members[m].net = format!("event{e}");
            members[m].addr = format!("event{e}.{k}");
        }
    }
    // Activity: heavy-tailed (a Zipf-like weight over a shuffled rank).
    let mut activity: Vec<f64> = (0..a.members).map(|r| 1.0 / ((r + 1) as f64).powf(0.75)).collect();
    for i in (1..activity.len()).rev() {
        let j = rng.random_range(0..=i);
        activity.swap(i, j);
    }
    let act_sum: f64 = activity.iter().sum();
    let act_cum = cumulate(&activity);
    // Ideas: authors by activity, popularity Zipf.
    let mut idea_author = Vec::with_capacity(a.ideas);
    let mut idea_created = Vec::with_capacity(a.ideas);
    let mut popularity: Vec<f64> = (0..a.ideas).map(|r| 1.0 / ((r + 1) as f64).powf(1.05)).collect();
    for i in (1..popularity.len()).rev() {
        let j = rng.random_range(0..=i);
        popularity.swap(i, j);
    }
    for _ in 0..a.ideas {
        let author = pick(&mut rng, &act_cum);
        idea_author.push(author);
        idea_created.push(members[author].created + rng.random_range(0..(now - members[author].created).max(1)));
    }
    let pop_cum = cumulate(&popularity);
    let mut by_author: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &au) in idea_author.iter().enumerate() {
        by_author.entry(au).or_default().push(i);
    }
    let mut authors: Vec<usize> = by_author.keys().copied().collect();
    authors.sort_unstable();

    // Organic supports: each member's count from its activity; 30 % are loyal to one author (a fifth of their supports).
    let mut supports: HashMap<(usize, usize), i64> = HashMap::new();
    let support_at = |rng: &mut StdRng, m: &Member, idea_created: i64| {
        let from = m.created.max(idea_created);
        from + rng.random_range(0..(now - from).max(1))
    };
    for m in 0..a.members {
        let n = ((a.supports as f64) * activity[m] / act_sum).round() as usize;
        let loyal = if rng.random::<f64>() < 0.3 { Some(authors[rng.random_range(0..authors.len())]) } else { None };
        let mut tries = 0;
        let mut given = 0;
        while given < n && tries < n * 4 + 10 {
            tries += 1;
            let idea = match loyal {
                Some(au) if rng.random::<f64>() < 0.2 => {
                    let list = &by_author[&au];
                    list[rng.random_range(0..list.len())]
                }
                _ => pick(&mut rng, &pop_cum),
            };
            if idea_author[idea] == m || supports.contains_key(&(m, idea)) {
                continue;
            }
            let at = support_at(&mut rng, &members[m], idea_created[idea]);
            supports.insert((m, idea), at);
            given += 1;
        }
    }
    // Social media: three popular ideas get 1,500 supports within two hours, 300 of them from new accounts
    // (a fifth of which also support another idea of the same author).
    let mut ranked: Vec<usize> = (0..a.ideas).collect();
    ranked.sort_by(|x, y| popularity[*y].total_cmp(&popularity[*x]));
    for &viral in ranked.iter().skip(5).take(3) {
        let at = now - rng.random_range(5 * DAY..60 * DAY);
        let mut added = 0;
        while added < 1200 {
            let m = pick(&mut rng, &act_cum);
            if members[m].created < at && idea_author[viral] != m && !supports.contains_key(&(m, viral)) {
                supports.insert((m, viral), at + rng.random_range(0..7200));
                added += 1;
            }
        }
        for _ in 0..300 {
            let m = members.len();
            let created = at + rng.random_range(0..7200);
            members.push(Member {
                created,
                net: format!("home{m}"),
                addr: format!("home{m}.1"),
                device: Some(format!("dev{m}")),
                ring: None,
            });
            supports.insert((m, viral), created + rng.random_range(30..600));
            if rng.random::<f64>() < 0.2 {
                let list = &by_author[&idea_author[viral]];
                let other = list[rng.random_range(0..list.len())];
                if other != viral {
                    supports.insert((m, other), created + rng.random_range(600..DAY));
                }
            }
        }
    }
    let organic_members = members.len();

    // The rings, pushing unpopular ideas of one beneficiary each.
    let mut rings: Vec<Ring> = Vec::new();
    for kind in ["naive", "careful"] {
        for size in [5usize, 10, 30, 100, 200] {
            for _ in 0..3 {
                // A beneficiary with enough ideas; the ring pushes its least popular ones.
                let n_targets = if kind == "naive" { 3 } else { 4 };
                let rich: Vec<usize> = authors.iter().copied().filter(|au| by_author[au].len() >= n_targets).collect();
                let beneficiary = rich[rng.random_range(0..rich.len())];
                let mut own = by_author[&beneficiary].clone();
                own.sort_by(|x, y| popularity[*x].total_cmp(&popularity[*y]));
                let targets: Vec<usize> = own.into_iter().take(n_targets).collect();
                let r = rings.len();
                let at = now - rng.random_range(15 * DAY..90 * DAY);
                let ip = rng.random_range(0..1_000_000);
                let mut ring_members = Vec::new();
                for k in 0..size {
                    let m = members.len();
                    ring_members.push(m);
                    if kind == "naive" {
                        let created = at + (k as i64) * 3;
                        members.push(Member {
                            created,
                            net: format!("ring{ip}"),
                            addr: format!("ring{ip}.1"),
                            device: None,
                            ring: Some(r),
                        });
                        for (x, &t) in targets.iter().enumerate() {
                            supports.insert((m, t), created + 30 + (x as i64) * 5);
                        }
                    } else {
                        let created = at - rng.random_range(7 * DAY..60 * DAY);
                        let net = if k % 4 == 1 { format!("cnet{ip}.{}", k - 1) } else { format!("cnet{ip}.{k}") };
                        members.push(Member {
                            created,
                            net: net.clone(),
                            addr: format!("{net}.{k}"),
                            device: Some(format!("cdev{ip}.{k}")),
                            ring: Some(r),
                        });
                        let mut given = 0;
                        for &t in &targets {
                            if rng.random::<f64>() < 0.8 || given < 2 {
                                supports.insert((m, t), at + rng.random_range(0..14 * DAY));
                                given += 1;
                            }
                        }
                        for _ in 0..rng.random_range(2..=6) {
                            let idea = ranked[rng.random_range(0..50)];
                            supports.entry((m, idea)).or_insert_with(|| created + rng.random_range(0..(now - created)));
                        }
                    }
                }
                rings.push(Ring { kind, size, targets, members: ring_members });
            }
        }
    }
    let generated = t_gen.elapsed();

    // Into a fresh SQLite database, as the application's tables hold it.
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("trust.db").to_string_lossy().to_string();
    let db = Db::connect(&url, 2).unwrap();
    db.migrate().unwrap();
    let t_write = Instant::now();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let mut batches: Vec<String> = Vec::new();
    let mut sql = String::from("BEGIN;");
    let flush = |batches: &mut Vec<String>, sql: &mut String| {
        sql.push_str("COMMIT;");
        batches.push(std::mem::replace(sql, String::from("BEGIN;")));
    };
    for chunk in (0..members.len()).collect::<Vec<_>>().chunks(500) {
        sql.push_str("INSERT INTO users (id, handle, handle_key, email, email_key, display_name, password_hash, role, created_at, updated_at, points) VALUES ");
        for (n, &i) in chunk.iter().enumerate() {
            let t = ts(members[i].created);
            let _ = write!(
                sql,
                "{}('{}', 'm{i}', 'm{i}', 'm{i}@x.org', 'm{i}@x.org', 'M', 'x', 'member', {t}, {t}, 0)",
                if n > 0 { "," } else { "" },
                uid(i)
            );
        }
        sql.push_str(
            ";INSERT INTO client_marks (id, user_id, kind, net_hash, addr_hash, device_hash, created_at) VALUES ",
        );
        for (n, &i) in chunk.iter().enumerate() {
            let m = &members[i];
            let device = m.device.as_ref().map_or("NULL".to_string(), |d| format!("'{d}'"));
            let _ = write!(
                sql,
                "{}('r{i}', '{}', 'register', '{}', '{}', {device}, {})",
                if n > 0 { "," } else { "" },
                uid(i),
                m.net,
                m.addr,
                ts(m.created)
            );
        }
        sql.push(';');
    }
    flush(&mut batches, &mut sql);
    for chunk in (0..idea_author.len()).collect::<Vec<_>>().chunks(500) {
        sql.push_str("INSERT INTO ideas (id, author_id, title, summary, body, body_html, status, trend_score, created_at, updated_at) VALUES ");
        for (n, &i) in chunk.iter().enumerate() {
            let t = ts(idea_created[i]);
            let _ = write!(
                sql,
                "{}('{}', '{}', 'Idea {i}', 's', 'b', 'b', 'gathering_support', 0, {t}, {t})",
                if n > 0 { "," } else { "" },
                iid(i),
                uid(idea_author[i])
            );
        }
        sql.push(';');
    }
    flush(&mut batches, &mut sql);
    let all: Vec<(&(usize, usize), &i64)> = supports.iter().collect();
    for chunk in all.chunks(1000) {
        sql.push_str("INSERT INTO supports (idea_id, user_id, created_at) VALUES ");
        for (n, ((m, i), at)) in chunk.iter().enumerate() {
            let _ = write!(sql, "{}('{}', '{}', {})", if n > 0 { "," } else { "" }, iid(*i), uid(*m), ts(**at));
        }
        sql.push(';');
    }
    flush(&mut batches, &mut sql);
    let n_supports = supports.len();
    rt.block_on(db.run(move |conn| {
        for b in &batches {
            conn.batch_execute(b)?;
        }
        Ok(())
    }))
    .unwrap();
    let written = t_write.elapsed();

    // The real scan, timed.
    let t_scan = Instant::now();
    let report = rt.block_on(ideashelf::trust::service::scan(&db, &a.params)).unwrap();
    let scanned = t_scan.elapsed();

    let (flagged_members, flagged_supports) = rt
        .block_on(db.run(|conn| {
            let m: Vec<String> = trust_case_members::table.select(trust_case_members::user_id).load(conn)?;
            let s: Vec<(String, String)> = trust_case_supports::table
                .select((trust_case_supports::user_id, trust_case_supports::idea_id))
                .load(conn)?;
            Ok((m, s))
        }))
        .unwrap();
    let index: HashMap<String, usize> = (0..members.len()).map(|i| (uid(i), i)).collect();
    if a.diagnose {
        let cases: Vec<(String, f64, String)> = rt
            .block_on(db.run(|conn| {
                use ideashelf::db::schema::trust_cases;
                Ok(trust_cases::table.select((trust_cases::id, trust_cases::score, trust_cases::signals)).load(conn)?)
            }))
            .unwrap();
        let members_of: Vec<(String, String)> = rt
            .block_on(db.run(|conn| {
                Ok(trust_case_members::table
                    .select((trust_case_members::case_id, trust_case_members::user_id))
                    .load(conn)?)
            }))
            .unwrap();
        let mut rows: Vec<(f64, String, usize, usize, String)> = cases
            .iter()
            .map(|(id, score, signals)| {
                let ms: Vec<usize> =
                    members_of.iter().filter(|(c, _)| c == id).filter_map(|(_, u)| index.get(u).copied()).collect();
                let ring = ms.iter().filter(|&&m| members[m].ring.is_some()).count();
                let kind = ms
                    .iter()
                    .find_map(|&m| members[m].ring)
                    .map_or("organic".to_string(), |r| format!("{}{}", rings[r].kind, rings[r].size));
                (*score, kind, ring, ms.len() - ring, signals.clone())
            })
            .collect();
        rows.sort_by(|x, y| y.0.total_cmp(&x.0));
        for (score, kind, ring, organic, signals) in rows {
            println!("case {score:.3} {kind} ring={ring} organic={organic} {signals}");
        }
    }
    let idea_index: HashMap<String, usize> = (0..a.ideas).map(|i| (iid(i), i)).collect();
    let flagged_m: HashSet<usize> = flagged_members.iter().filter_map(|u| index.get(u).copied()).collect();
    let flagged_s: HashSet<(usize, usize)> =
        flagged_supports.iter().filter_map(|(u, i)| Some((*index.get(u)?, *idea_index.get(i)?))).collect();
    let organic_flagged = flagged_m.iter().filter(|&&m| members[m].ring.is_none()).count();

    println!(
        "community: {} organic members ({} of them from the social-media bursts), {} ideas, {} supports in all, {} rings ({} accounts); generated in {:.1} s, written in {:.1} s",
        organic_members,
        900,
        a.ideas,
        n_supports,
        rings.len(),
        members.len() - organic_members,
        generated.as_secs_f64(),
        written.as_secs_f64()
    );
    println!(
        "scan: {:.2} s (load {} ms, detect {} ms, store {} ms); {} cases, {} accounts, {} supports flagged",
        scanned.as_secs_f64(),
        report.load_ms,
        report.detect_ms,
        report.store_ms,
        report.opened,
        report.accounts,
        report.supports
    );
    println!("| ring kind | accounts | rings | ring supports | flagged | recall |");
    println!("|---|---:|---:|---:|---:|---:|");
    for kind in ["naive", "careful"] {
        for size in [5usize, 10, 30, 100, 200] {
            let mut total = 0;
            let mut hit = 0;
            let mut n = 0;
            for r in rings.iter().filter(|r| r.kind == kind && r.size == size) {
                n += 1;
                for &m in &r.members {
                    for &t in &r.targets {
                        if supports.contains_key(&(m, t)) {
                            total += 1;
                            if flagged_s.contains(&(m, t)) {
                                hit += 1;
                            }
                        }
                    }
                }
            }
            println!("| {kind} | {size} | {n} | {total} | {hit} | {:.1} % |", 100.0 * hit as f64 / total.max(1) as f64);
        }
    }
    println!(
        "organic accounts flagged: {organic_flagged} of {organic_members} ({:.3} %)",
        100.0 * organic_flagged as f64 / organic_members as f64
    );
}
