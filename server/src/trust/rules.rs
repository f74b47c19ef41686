//! Trust and safety as pure rules (docs/TRUST.md): the keyed hashes of a
//! client's marks, and the vote-ring detector over a compact picture of the
//! community (accounts, ideas, supports, marks as small integers), unit-tested
//! without a database. The store loads that picture; the service stores what
//! the detector finds as cases.

use std::collections::HashMap;
use std::net::IpAddr;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// How long client marks are kept (privacy): 90 days.
pub const MARK_DAYS: i64 = 90;

/// The key of the client marks' hashes, derived from the server's secret, so
/// a leaked table names no address or device without the secret.
#[derive(Clone)]
pub struct MarkKey(Vec<u8>);

impl MarkKey {
    pub fn derive(secret: &[u8]) -> MarkKey {
        MarkKey(keyed(secret, b"ideashelf client marks v1").into_bytes())
    }

    fn hash(&self, what: &str, value: &[u8]) -> String {
        let mut input = what.as_bytes().to_vec();
        input.push(0);
        input.extend_from_slice(value);
        keyed(&self.0, &input)
    }

    /// The marks of a request from `ip` with the device cookie `device` (pages only).
    pub fn mark(&self, ip: IpAddr, device: Option<&str>) -> ClientMark {
        let (addr, net) = match ip {
            IpAddr::V4(v4) => {
                let o = v4.octets();
                (o.to_vec(), vec![o[0], o[1], o[2]])
            }
            IpAddr::V6(v6) => {
                // An IPv4 address in IPv6 clothes is the IPv4 address.
                if let Some(v4) = v6.to_ipv4_mapped() {
                    let o = v4.octets();
                    (o.to_vec(), vec![o[0], o[1], o[2]])
                } else {
                    let o = v6.octets();
                    (o.to_vec(), o[..6].to_vec())
                }
            }
        };
        ClientMark {
            addr_hash: self.hash("addr", &addr),
            net_hash: self.hash("net", &net),
            device_hash: device.filter(|d| !d.is_empty()).map(|d| self.hash("device", d.as_bytes())),
        }
    }
}

fn keyed(key: &[u8], input: &[u8]) -> String {
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(input);
            hex(&mac.finalize().into_bytes())
        }
        // HMAC takes keys of any length; this arm is never taken.
        Err(_) => hex(&Sha256::digest([key, input].concat())),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the network showed of a registration or a support, as keyed hashes:
/// the address, its /24 (IPv4) or /48 (IPv6), the device cookie if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientMark {
    pub net_hash: String,
    pub addr_hash: String,
    pub device_hash: Option<String>,
}

/// The share of flagged supports above which an idea is held before a tier (`--trust-hold-share`), as the
/// bits of an f64; set once at start from the configuration.
static HOLD_SHARE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0x3FD3_3333_3333_3333); // 0.3

pub fn set_hold_share(share: f64) {
    HOLD_SHARE.store(share.to_bits(), std::sync::atomic::Ordering::Relaxed);
}

pub fn hold_share() -> f64 {
    f64::from_bits(HOLD_SHARE.load(std::sync::atomic::Ordering::Relaxed))
}

/// Whether an idea with `flagged` of its `supports` flagged waits for a moderator before its next tier.
pub fn should_hold(flagged: i64, supports: i32, share: f64) -> bool {
    flagged > 0 && supports > 0 && flagged as f64 > share * f64::from(supports)
}

/// A case's fingerprint: the same set of accounts is the same evidence.
pub fn fingerprint(accounts: &[String]) -> String {
    let mut ids: Vec<&str> = accounts.iter().map(String::as_str).collect();
    ids.sort_unstable();
    ids.dedup();
    hex(&Sha256::digest(ids.join(",").as_bytes()))
}

// ---------------------------------------------------------------------------
// The detector's input: the community as small integers (indexes into the vectors).

#[derive(Debug, Clone, Default)]
pub struct Account {
    /// Unix seconds.
    pub created_at: i64,
    /// Ideas and comments written: activity other than supporting.
    pub other_activity: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Idea {
    /// The author's account index.
    pub author: u32,
    /// The support counts of its tiers.
    pub thresholds: Vec<i32>,
}

#[derive(Debug, Clone, Copy)]
pub struct Support {
    pub user: u32,
    pub idea: u32,
    /// Unix seconds.
    pub at: i64,
}

#[derive(Debug, Clone, Copy)]
pub struct Mark {
    pub user: u32,
    /// A registration's mark (else a support's).
    pub register: bool,
    /// The interned hashes.
    pub net: u32,
    pub addr: u32,
    pub device: Option<u32>,
    pub at: i64,
}

#[derive(Debug, Clone, Default)]
pub struct Community {
    pub accounts: Vec<Account>,
    pub ideas: Vec<Idea>,
    pub supports: Vec<Support>,
    pub marks: Vec<Mark>,
}

/// The detector's knobs (the defaults are what docs/BENCHMARKS.md measured).
#[derive(Debug, Clone)]
pub struct Params {
    /// A ring has at least this many accounts.
    pub min_accounts: usize,
    /// Flag a group scoring at least this.
    pub flag_score: f64,
    /// Registrations from one address or network within this many seconds form a burst…
    pub burst_window: i64,
    /// …of at least this many accounts.
    pub burst_min: usize,
    /// Two accounts are linked when they share at least this many supported ideas…
    pub link_shared: u32,
    /// …whose rarity (Σ ln(members / supporters of the idea)) is at least this…
    pub link_weight: f32,
    /// …and make up at least this share of the smaller account's supports.
    pub link_share: f64,
    /// Ideas with more candidate supporters than this link no pairs (too popular to say anything).
    pub pair_cap: usize,
    /// An account is "young" at its first pushing support within this many seconds of its creation.
    pub young_secs: i64,
    /// Supports within this many seconds of each other on one idea are synchronized…
    pub sync_secs: i64,
    /// An account is a co-support candidate when its two most supported authors get this share of its supports.
    pub candidate_share: f64,
    /// A group of more accounts than this is split along its stronger links.
    pub max_group: usize,
    /// The signals' weights in the score.
    pub weights: Weights,
}

/// How much each signal adds to a group's score (each signal is a share 0–1).
#[derive(Debug, Clone)]
pub struct Weights {
    /// target_share × coverage.
    pub target: f64,
    pub density: f64,
    pub burst: f64,
    pub device: f64,
    pub young: f64,
    pub sync: f64,
    pub quiet: f64,
    pub threshold: f64,
    /// Added when the ring supports its pushed ideas at least `lift_at` times the community's rate.
    pub lift: f64,
    pub lift_at: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            target: 0.6,
            density: 1.0,
            burst: 0.6,
            device: 0.5,
            young: 0.3,
            sync: 0.4,
            quiet: 0.3,
            threshold: 0.2,
            lift: 0.5,
            lift_at: 20.0,
        }
    }
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_accounts: 5,
            flag_score: 1.2,
            burst_window: 3600,
            burst_min: 5,
            link_shared: 2,
            link_weight: 8.0,
            link_share: 0.25,
            pair_cap: 400,
            young_secs: 14 * 86_400,
            sync_secs: 600,
            candidate_share: 0.4,
            max_group: 300,
            weights: Weights::default(),
        }
    }
}

/// A named signal of a ring with its number (a share 0–1 unless named otherwise).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Signal {
    pub name: &'static str,
    pub value: f64,
}

/// A suspected ring: its accounts, the ideas they pushed, their supports of
/// those ideas (indexes into `Community::supports`), the signals and the score.
#[derive(Debug, Clone)]
pub struct Ring {
    pub accounts: Vec<u32>,
    pub ideas: Vec<u32>,
    pub supports: Vec<usize>,
    pub signals: Vec<Signal>,
    pub score: f64,
}

struct UnionFind(Vec<u32>);

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind((0..n).map(|i| u32::try_from(i).unwrap_or(u32::MAX)).collect())
    }
    fn find(&mut self, mut a: u32) -> u32 {
        while self.0[a as usize] != a {
            let parent = self.0[a as usize];
            self.0[a as usize] = self.0[parent as usize];
            a = parent;
        }
        a
    }
    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb) as usize] = ra.min(rb);
        }
    }
}

/// Groups of marks with the same key: registrations of at least `min` accounts within `window` seconds.
fn bursts(marks: &[&Mark], key: impl Fn(&Mark) -> u32, window: i64, min: usize) -> Vec<Vec<u32>> {
    let mut by_key: HashMap<u32, Vec<(i64, u32)>> = HashMap::new();
    for m in marks {
        by_key.entry(key(m)).or_default().push((m.at, m.user));
    }
    let mut out = Vec::new();
    for (_, mut list) in by_key {
        if list.len() < min {
            continue;
        }
        list.sort_unstable();
        let mut start = 0;
        let mut taken_until = 0;
        for end in 0..list.len() {
            while list[end].0 - list[start].0 > window {
                start += 1;
            }
            if end + 1 - start >= min {
                let from = start.max(taken_until);
                if from < end + 1 {
                    let mut group: Vec<u32> = list[start..=end].iter().map(|&(_, u)| u).collect();
                    group.dedup();
                    out.push(group);
                    taken_until = end + 1;
                }
            }
        }
    }
    out
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Finds the suspected rings of a community (docs/TRUST.md, "The detector").
pub fn detect(c: &Community, p: &Params) -> Vec<Ring> {
    let n = c.accounts.len();
    if n == 0 {
        return Vec::new();
    }
    let mut by_user: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut by_idea: Vec<Vec<usize>> = vec![Vec::new(); c.ideas.len()];
    for (i, s) in c.supports.iter().enumerate() {
        if (s.user as usize) < n && (s.idea as usize) < c.ideas.len() {
            by_user[s.user as usize].push(i);
            by_idea[s.idea as usize].push(i);
        }
    }
    // Each support's rank among its idea's supports (the count it made), for the threshold signal.
    let mut rank = vec![0i32; c.supports.len()];
    for list in &mut by_idea {
        list.sort_unstable_by_key(|&i| c.supports[i].at);
        for (r, &i) in list.iter().enumerate() {
            rank[i] = i32::try_from(r + 1).unwrap_or(i32::MAX);
        }
    }
    let members = by_user.iter().filter(|l| !l.is_empty()).count().max(1) as f64;

    // Edges that always hold a group together: registration bursts and shared devices.
    let mut base: Vec<(u32, u32)> = Vec::new();
    // Registration bursts per network and per address; shared devices.
    let registrations: Vec<&Mark> = c.marks.iter().filter(|m| m.register && (m.user as usize) < n).collect();
    let mut in_burst = vec![false; n];
    for group in bursts(&registrations, |m| m.net, p.burst_window, p.burst_min).into_iter().chain(bursts(
        &registrations,
        |m| m.addr,
        p.burst_window,
        p.burst_min,
    )) {
        base.extend(group.windows(2).map(|w| (w[0], w[1])));
        for u in group {
            in_burst[u as usize] = true;
        }
    }
    let mut by_device: HashMap<u32, Vec<u32>> = HashMap::new();
    for m in c.marks.iter().filter(|m| (m.user as usize) < n) {
        if let Some(d) = m.device {
            by_device.entry(d).or_default().push(m.user);
        }
    }
    let mut shared_device = vec![false; n];
    for (_, mut users) in by_device {
        users.sort_unstable();
        users.dedup();
        if users.len() >= 2 {
            base.extend(users.windows(2).map(|w| (w[0], w[1])));
            for u in users {
                shared_device[u as usize] = true;
            }
        }
    }

    // Candidates for co-support links: accounts whose supports concentrate on two authors or fewer.
    let candidate: Vec<bool> = by_user
        .iter()
        .map(|list| {
            if list.len() < 2 {
                return false;
            }
            let mut per_author: HashMap<u32, usize> = HashMap::new();
            for &i in list {
                *per_author.entry(c.ideas[c.supports[i].idea as usize].author).or_default() += 1;
            }
            let mut counts: Vec<usize> = per_author.into_values().collect();
            counts.sort_unstable_by(|a, b| b.cmp(a));
            let top: usize = counts.iter().take(2).sum();
            share(top, list.len()) >= p.candidate_share
        })
        .collect();
    // Co-support: pairs of candidates sharing rare ideas, weighted by rarity (ln of members over supporters).
    let mut pairs: HashMap<u64, (u32, f32)> = HashMap::new();
    for list in &by_idea {
        let cands: Vec<u32> = list.iter().map(|&i| c.supports[i].user).filter(|&u| candidate[u as usize]).collect();
        if cands.len() < 2 || cands.len() > p.pair_cap {
            continue;
        }
        let weight = (members / list.len() as f64).ln().max(0.0) as f32;
        for (x, &a) in cands.iter().enumerate() {
            for &b in &cands[x + 1..] {
                let key = (u64::from(a.min(b)) << 32) | u64::from(a.max(b));
                let e = pairs.entry(key).or_insert((0, 0.0));
                e.0 += 1;
                e.1 += weight;
            }
        }
    }
    let mut links: Vec<(u32, u32, f32)> = Vec::new();
    for (key, (shared, weight)) in pairs {
        let (a, b) = ((key >> 32) as u32, (key & 0xffff_ffff) as u32);
        let smaller = by_user[a as usize].len().min(by_user[b as usize].len());
        if shared >= p.link_shared && weight >= p.link_weight && share(shared as usize, smaller) >= p.link_share {
            links.push((a, b, weight));
        }
    }

    // The groups: connected components; one too large to be a ring is split along its stronger links.
    let everyone: Vec<u32> = (0..n).map(|a| u32::try_from(a).unwrap_or(u32::MAX)).collect();
    let mut groups = Vec::new();
    split(&everyone, &base, &links, p.link_weight, p, 0, &mut groups);
    let mut rings = Vec::new();
    while let Some((group, link_count, threshold, depth)) = groups.pop() {
        match judge_group(c, p, &group, &by_user, &by_idea, &rank, &in_burst, &shared_device, link_count, members) {
            Some(ring) => {
                // The ring is judged by the ideas most of the group pushed; a smaller ring joined to it (by a
                // link, a shared network's burst) pushed others. What is left is judged again on its own.
                let rest: Vec<u32> =
                    group.iter().copied().filter(|a| ring.accounts.binary_search(a).is_err()).collect();
                if rest.len() >= p.min_accounts && depth < 12 {
                    split(&rest, &base, &links, threshold, p, depth + 1, &mut groups);
                }
                rings.push(ring)
            }
            // A group that is no ring as a whole may hold one held together by stronger links.
            None if group.len() > 4 * p.min_accounts && depth < 12 => {
                split(&group, &base, &links, threshold * 1.25, p, depth + 1, &mut groups)
            }
            None => {}
        }
    }
    rings.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.accounts.cmp(&b.accounts)));
    rings
}

/// The components of `accounts` over the base edges and the links of at least `threshold`; a component of more
/// than `p.max_group` accounts is split again with a threshold a quarter higher (up to 12 times). Pushes
/// (group, links inside it, threshold, depth) for every component of at least `p.min_accounts`.
fn split(
    accounts: &[u32],
    base: &[(u32, u32)],
    links: &[(u32, u32, f32)],
    threshold: f32,
    p: &Params,
    depth: usize,
    out: &mut Vec<(Vec<u32>, usize, f32, usize)>,
) {
    let local: HashMap<u32, u32> =
        accounts.iter().enumerate().map(|(i, &a)| (a, u32::try_from(i).unwrap_or(u32::MAX))).collect();
    let mut uf = UnionFind::new(accounts.len());
    let base: Vec<(u32, u32)> = base
        .iter()
        .filter_map(|&(a, b)| Some((*local.get(&a)?, *local.get(&b)?)))
        .map(|(a, b)| (accounts[a as usize], accounts[b as usize]))
        .collect();
    let links: Vec<(u32, u32, f32)> = links
        .iter()
        .filter(|l| l.2 >= threshold && local.contains_key(&l.0) && local.contains_key(&l.1))
        .copied()
        .collect();
    for &(a, b) in &base {
        uf.union(local[&a], local[&b]);
    }
    for &(a, b, _) in &links {
        uf.union(local[&a], local[&b]);
    }
    let mut groups: HashMap<u32, Vec<u32>> = HashMap::new();
    for (i, &a) in accounts.iter().enumerate() {
        let root = uf.find(u32::try_from(i).unwrap_or(u32::MAX));
        groups.entry(root).or_default().push(a);
    }
    let mut link_count: HashMap<u32, usize> = HashMap::new();
    for &(a, _, _) in &links {
        *link_count.entry(uf.find(local[&a])).or_default() += 1;
    }
    for (root, group) in groups {
        if group.len() < p.min_accounts {
            continue;
        }
        if group.len() > p.max_group && depth < 12 {
            split(&group, &base, &links, threshold * 1.25, p, depth + 1, out);
        } else {
            out.push((group, link_count.get(&root).copied().unwrap_or(0), threshold, depth));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn judge_group(
    c: &Community,
    p: &Params,
    group: &[u32],
    by_user: &[Vec<usize>],
    by_idea: &[Vec<usize>],
    rank: &[i32],
    in_burst: &[bool],
    shared_device: &[bool],
    links: usize,
    members: f64,
) -> Option<Ring> {
    let k = group.len();
    // Pushed ideas: supported by half the group (at least 3 of them).
    let mut per_idea: HashMap<u32, usize> = HashMap::new();
    for &a in group {
        for &i in &by_user[a as usize] {
            *per_idea.entry(c.supports[i].idea).or_default() += 1;
        }
    }
    let need = (k.div_ceil(2)).max(3);
    let mut pushed: Vec<u32> = per_idea.iter().filter(|(_, &n)| n >= need).map(|(&i, _)| i).collect();
    if pushed.is_empty() {
        return None;
    }
    pushed.sort_unstable();
    // The ring: the accounts that supported at least half of the pushed ideas (and are not their authors).
    let authors: Vec<u32> = pushed.iter().map(|&i| c.ideas[i as usize].author).collect();
    let pushes =
        |a: u32| by_user[a as usize].iter().filter(|&&i| pushed.binary_search(&c.supports[i].idea).is_ok()).count();
    let accounts: Vec<u32> =
        group.iter().copied().filter(|&a| !authors.contains(&a) && 2 * pushes(a) >= pushed.len()).collect();
    let k = accounts.len();
    if k < p.min_accounts {
        return None;
    }
    let supports: Vec<usize> = accounts
        .iter()
        .flat_map(|&a| by_user[a as usize].iter().copied())
        .filter(|&i| pushed.binary_search(&c.supports[i].idea).is_ok())
        .collect();
    let all: usize = accounts.iter().map(|&a| by_user[a as usize].len()).sum();
    let target = share(supports.len(), all);
    let cover = share(supports.len(), k * pushed.len());
    // Lift: how many times more of the ring supports the pushed ideas than the community's base rate.
    let lift = pushed
        .iter()
        .map(|&i| {
            let in_ring = supports.iter().filter(|&&s| c.supports[s].idea == i).count() as f64;
            let base = by_idea[i as usize].len() as f64 / members;
            in_ring / (k as f64 * base).max(1e-9)
        })
        .fold(f64::INFINITY, f64::min);
    let burst = share(accounts.iter().filter(|&&a| in_burst[a as usize]).count(), k);
    let device = share(accounts.iter().filter(|&&a| shared_device[a as usize]).count(), k);
    let young = share(
        accounts
            .iter()
            .filter(|&&a| {
                let first = by_user[a as usize]
                    .iter()
                    .filter(|&&i| pushed.binary_search(&c.supports[i].idea).is_ok())
                    .map(|&i| c.supports[i].at)
                    .min()
                    .unwrap_or(i64::MAX);
                first.saturating_sub(c.accounts[a as usize].created_at) <= p.young_secs
            })
            .count(),
        k,
    );
    // Synchronized: ring supports with at least 4 others of the ring on the same idea within sync_secs.
    let mut times: HashMap<u32, Vec<i64>> = HashMap::new();
    for &s in &supports {
        times.entry(c.supports[s].idea).or_default().push(c.supports[s].at);
    }
    for t in times.values_mut() {
        t.sort_unstable();
    }
    let synced = supports
        .iter()
        .filter(|&&s| {
            let t = &times[&c.supports[s].idea];
            let at = c.supports[s].at;
            let lo = t.partition_point(|&x| x < at - p.sync_secs);
            let hi = t.partition_point(|&x| x <= at + p.sync_secs);
            hi - lo >= 5
        })
        .count();
    let sync = share(synced, supports.len());
    let quiet = share(
        accounts
            .iter()
            .filter(|&&a| c.accounts[a as usize].other_activity == 0 && by_user[a as usize].len() <= pushed.len() + 3)
            .count(),
        k,
    );
    let near = supports
        .iter()
        .filter(|&&s| {
            let idea = &c.ideas[c.supports[s].idea as usize];
            let r = rank[s];
            idea.thresholds.iter().any(|&t| r <= t && r > t - i32::try_from(k).unwrap_or(i32::MAX))
        })
        .count();
    let threshold = share(near, supports.len());
    let density = (2.0 * links as f64 / (k as f64 * (k as f64 - 1.0)).max(1.0)).min(1.0);
    let w = &p.weights;
    let score = w.target * target * cover
        + w.density * density
        + w.burst * burst
        + w.device * device
        + w.young * young
        + w.sync * sync
        + w.quiet * quiet
        + w.threshold * threshold
        + if lift >= w.lift_at { w.lift } else { 0.0 };
    if score < p.flag_score {
        return None;
    }
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    let signals = vec![
        Signal { name: "accounts", value: k as f64 },
        Signal { name: "pushed_ideas", value: pushed.len() as f64 },
        Signal { name: "target_share", value: round(target) },
        Signal { name: "coverage", value: round(cover) },
        Signal { name: "lift", value: round(lift.min(1e6)) },
        Signal { name: "co_support_density", value: round(density) },
        Signal { name: "signup_burst", value: round(burst) },
        Signal { name: "shared_device", value: round(device) },
        Signal { name: "young_accounts", value: round(young) },
        Signal { name: "synchronized", value: round(sync) },
        Signal { name: "support_only", value: round(quiet) },
        Signal { name: "near_threshold", value: round(threshold) },
    ];
    let mut accounts = accounts;
    accounts.sort_unstable();
    Some(Ring { accounts, ideas: pushed, supports, signals, score: round(score) })
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The ring as a picture: accounts on the left, the ideas they pushed on the right, a line per flagged
/// support (`edges`: account index, idea index). Plain SVG, drawn on the server.
pub fn graph_svg(accounts: &[String], ideas: &[String], edges: &[(usize, usize)]) -> String {
    const ROW: usize = 14;
    const WIDTH: usize = 640;
    let rows = accounts.len().max(ideas.len()).max(1);
    let height = rows * ROW + 20;
    let y = |i: usize, n: usize| 10 + (i * (rows * ROW)) / n.max(1) + ROW / 2;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" \
         height=\"{height}\" role=\"img\" class=\"ring-graph\">"
    );
    for &(a, i) in edges {
        if a < accounts.len() && i < ideas.len() {
            out += &format!(
                "<line x1=\"170\" y1=\"{}\" x2=\"430\" y2=\"{}\" stroke=\"#c0392b\" stroke-opacity=\"0.35\"/>",
                y(a, accounts.len()),
                y(i, ideas.len())
            );
        }
    }
    for (a, name) in accounts.iter().enumerate() {
        let cy = y(a, accounts.len());
        out += &format!(
            "<circle cx=\"170\" cy=\"{cy}\" r=\"4\" fill=\"#555\"/><text x=\"160\" y=\"{}\" \
             text-anchor=\"end\" font-size=\"11\">{}</text>",
            cy + 4,
            escape(name)
        );
    }
    for (i, title) in ideas.iter().enumerate() {
        let cy = y(i, ideas.len());
        let short: String = title.chars().take(28).collect();
        out += &format!(
            "<rect x=\"426\" y=\"{}\" width=\"8\" height=\"8\" fill=\"#c0392b\"/><text x=\"442\" y=\"{}\" \
             font-size=\"11\">{}</text>",
            cy - 4,
            cy + 4,
            escape(&short)
        );
    }
    out + "</svg>"
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    /// `organic` old members supporting ideas round-robin, plus ideas by `organic` authors.
    fn community(organic: u32, ideas: u32) -> Community {
        let mut c = Community::default();
        for a in 0..organic {
            c.accounts.push(Account { created_at: 0, other_activity: a % 3 });
            c.marks.push(Mark { user: a, register: true, net: a, addr: a, device: Some(a), at: i64::from(a) * 7200 });
        }
        for i in 0..ideas {
            c.ideas.push(Idea { author: i % organic, thresholds: vec![25, 100, 250] });
        }
        for a in 0..organic {
            for j in 0..5 {
                let idea = (a * 7 + j * 13) % ideas;
                c.supports.push(Support { user: a, idea, at: 100 * DAY + i64::from(a * 5 + j) * 600 });
            }
        }
        c
    }

    fn add_ring(c: &mut Community, size: u32, targets: &[u32], one_address: bool) -> Vec<u32> {
        let first = u32::try_from(c.accounts.len()).unwrap_or(0);
        let mut ids = Vec::new();
        for k in 0..size {
            let a = first + k;
            ids.push(a);
            c.accounts.push(Account { created_at: 200 * DAY, other_activity: 0 });
            let (net, addr) = if one_address { (90_000, 90_000) } else { (100_000 + a, 100_000 + a) };
            c.marks.push(Mark { user: a, register: true, net, addr, device: None, at: 200 * DAY + i64::from(k) });
            for &t in targets {
                c.supports.push(Support { user: a, idea: t, at: 200 * DAY + 60 + i64::from(k) * 2 });
            }
        }
        ids
    }

    #[test]
    fn organic_community_has_no_ring() {
        let c = community(500, 200);
        assert!(detect(&c, &Params::default()).is_empty());
    }

    #[test]
    fn a_naive_ring_of_thirty_is_found_with_its_ideas_and_supports() {
        let mut c = community(500, 200);
        let ring = add_ring(&mut c, 30, &[3, 4, 5], true);
        let found = detect(&c, &Params::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].accounts, ring);
        assert_eq!(found[0].ideas, vec![3, 4, 5]);
        assert_eq!(found[0].supports.len(), 90);
        let burst = found[0].signals.iter().find(|s| s.name == "signup_burst").map(|s| s.value);
        assert_eq!(burst, Some(1.0));
    }

    #[test]
    fn a_ring_from_spread_addresses_is_found_by_co_support() {
        let mut c = community(500, 200);
        let ring = add_ring(&mut c, 12, &[7, 8, 9, 10], false);
        let found = detect(&c, &Params::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].accounts, ring);
    }

    #[test]
    fn two_rings_joined_in_one_group_are_both_found() {
        // Forty and twelve accounts from one address in one burst, pushing different ideas: the group's
        // majority pushes 3, 4, 5; the twelve, judged on their own, push 7, 8, 9.
        let mut c = community(500, 200);
        let big = add_ring(&mut c, 40, &[3, 4, 5], true);
        let small = add_ring(&mut c, 12, &[7, 8, 9], true);
        let mut found = detect(&c, &Params::default());
        found.sort_by_key(|r| r.accounts.len());
        assert_eq!(found.len(), 2, "{:?}", found.iter().map(|r| r.accounts.len()).collect::<Vec<_>>());
        assert_eq!((&found[0].accounts, &found[0].ideas), (&small, &vec![7, 8, 9]));
        assert_eq!((&found[1].accounts, &found[1].ideas), (&big, &vec![3, 4, 5]));
    }

    #[test]
    fn a_group_under_the_minimum_is_not_a_ring() {
        let mut c = community(500, 200);
        add_ring(&mut c, 4, &[3, 4, 5], true);
        assert!(detect(&c, &Params::default()).is_empty());
    }

    #[test]
    fn a_burst_of_signups_without_shared_targets_is_not_a_ring() {
        let mut c = community(500, 200);
        let first = u32::try_from(c.accounts.len()).unwrap_or(0);
        for k in 0..10u32 {
            let a = first + k;
            c.accounts.push(Account { created_at: 200 * DAY, other_activity: 1 });
            c.marks.push(Mark { user: a, register: true, net: 90_000, addr: 90_000 + a, device: None, at: 200 * DAY });
            for j in 0..3 {
                c.supports.push(Support {
                    user: a,
                    idea: (k * 17 + j * 31) % 200,
                    at: 201 * DAY + i64::from(k) * 3600,
                });
            }
        }
        assert!(detect(&c, &Params::default()).is_empty());
    }

    #[test]
    fn marks_hash_the_network_and_the_address_apart() {
        let key = MarkKey::derive(b"a secret of at least thirty-two bytes!!");
        let a = key.mark("192.0.2.10".parse().unwrap(), Some("dev"));
        let b = key.mark("192.0.2.77".parse().unwrap(), None);
        let c = key.mark("::ffff:192.0.2.10".parse().unwrap(), None);
        assert_eq!(a.net_hash, b.net_hash);
        assert_ne!(a.addr_hash, b.addr_hash);
        assert_eq!(a.addr_hash, c.addr_hash);
        assert!(a.device_hash.is_some() && b.device_hash.is_none());
        let v6a = key.mark("2001:db8:1:2::1".parse().unwrap(), None);
        let v6b = key.mark("2001:db8:1:ffff::9".parse().unwrap(), None);
        assert_eq!(v6a.net_hash, v6b.net_hash);
        assert!(!a.addr_hash.contains("192"));
        let other = MarkKey::derive(b"another secret of at least thirty-two bytes");
        assert_ne!(other.mark("192.0.2.10".parse().unwrap(), None).addr_hash, a.addr_hash);
    }

    #[test]
    fn the_graph_escapes_names_and_draws_each_edge() {
        let svg = graph_svg(&["a<b".into(), "c".into()], &["Idea & co".into()], &[(0, 0), (1, 0), (5, 0)]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<line").count(), 2);
        assert!(svg.contains("a&lt;b") && svg.contains("Idea &amp; co"));
    }

    #[test]
    fn an_idea_is_held_above_the_share_only() {
        assert!(!should_hold(0, 10, 0.3));
        assert!(!should_hold(3, 10, 0.3));
        assert!(should_hold(4, 10, 0.3));
        assert!(!should_hold(10, 10, 1.0));
        assert!((hold_share() - 0.3).abs() < 1e-12 || hold_share() >= 0.0);
    }

    #[test]
    fn the_fingerprint_ignores_order() {
        assert_eq!(fingerprint(&["b".into(), "a".into()]), fingerprint(&["a".into(), "b".into(), "a".into()]));
        assert_ne!(fingerprint(&["a".into()]), fingerprint(&["a".into(), "c".into()]));
    }
}
