//! What the public sees: totals per currency, per committee, over time, and
//! the chain head. Everything comes from projections whose size does not
//! grow with the journal (one row per scope and currency, per month and
//! currency, per committee), so the cost of a request is the same at a
//! thousand entries and at a million.
//!
//! A committee is shown by name only when it is public and has paid at least
//! `PAID_WORKERS_FOR_DISCLOSURE_MIN` workers; every other committee is only
//! part of the "other committees" aggregate, so that no amount and date
//! point to one person.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};
use sqlx::AnyPool;

use crate::journal::Journal;

use crate::domain::Currency;
use crate::domain::money::MoneyError;
use crate::store::read::{self, CheckpointRow, CommitteeRow, HeadView, MonthRow, Totals};

/// Fewest paid workers a committee must have to be shown on its own.
pub const PAID_WORKERS_FOR_DISCLOSURE_MIN: u64 = 5;

/// The one-line command that downloads the public journal from `origin`
/// (`https://fund.example`) and checks it.
pub fn verify_command(origin: &str) -> String {
    format!("curl -sO {origin}/export/journal.jsonl && strikefund-audit verify --file journal.jsonl")
}

/// A committee shown on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicCommittee {
    pub slug: String,
    pub name: String,
    pub paid_workers: u64,
    pub totals: Vec<Totals>,
}

/// Everything the public page and `GET /api/v1/totals` show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicTotals {
    pub head: HeadView,
    pub checkpoint: Option<CheckpointRow>,
    /// The whole fund, per currency.
    pub fund: Vec<Totals>,
    /// Money not yet given to any committee, per currency.
    pub general: Vec<Totals>,
    pub committees: Vec<PublicCommittee>,
    /// Every committee not shown on its own, added up, per currency.
    pub other_committees: Vec<Totals>,
    pub workers_supported: u64,
    pub monthly: Vec<MonthRow>,
}

/// How long the public figures may be served from memory, for appends made
/// by another process on the same database (this process's own appends
/// refresh them at once).
pub const FIGURES_AGE_MAX_MS: u64 = 1_000;

/// The public figures, read once and shared by every request until this
/// process's journal writer commits again or they are `FIGURES_AGE_MAX_MS`
/// old: under heavy attention the public page and the totals cost no
/// database query. One request reloads them while the others wait for it.
#[derive(Clone, Default)]
pub struct FiguresCache {
    slot: Arc<tokio::sync::Mutex<Option<Cached>>>,
}

struct Cached {
    loaded: Instant,
    /// The writer's committed batches when the figures were read.
    batches: u64,
    snapshot: Arc<Snapshot>,
}

/// Most renderings of the public page kept per snapshot (one per language
/// and address it was asked in); beyond it pages are rendered per request.
pub const RENDERINGS_MAX: usize = 16;

/// One reading of the public figures, with what is derived from them once.
pub struct Snapshot {
    pub figures: PublicTotals,
    /// `GET /api/v1/totals`, serialized.
    pub json: axum::body::Bytes,
    renderings: std::sync::Mutex<std::collections::HashMap<String, axum::body::Bytes>>,
}

impl Snapshot {
    fn new(figures: PublicTotals) -> Snapshot {
        let json = serde_json::to_vec(&figures.to_json()).expect("figures serialize").into();
        Snapshot { figures, json, renderings: Default::default() }
    }

    /// A page rendered from these figures under `key`, rendering it with
    /// `render` the first time.
    pub fn rendering(&self, key: &str, render: impl FnOnce(&PublicTotals) -> String) -> axum::body::Bytes {
        if let Some(page) = self.renderings.lock().expect("renderings lock").get(key) {
            return page.clone();
        }
        let page = axum::body::Bytes::from(render(&self.figures));
        let mut renderings = self.renderings.lock().expect("renderings lock");
        if renderings.len() < RENDERINGS_MAX {
            renderings.insert(key.to_string(), page.clone());
        }
        page
    }
}

impl FiguresCache {
    /// The current public figures.
    pub async fn get(&self, pool: &AnyPool, journal: &Journal) -> Result<Arc<Snapshot>, sqlx::Error> {
        let mut slot = self.slot.lock().await;
        // Read before loading: a commit during the load makes the next request reload.
        let batches = journal.stats().batches;
        if let Some(cached) = slot.as_ref()
            && cached.batches == batches
            && cached.loaded.elapsed() < Duration::from_millis(FIGURES_AGE_MAX_MS)
        {
            return Ok(cached.snapshot.clone());
        }
        let snapshot = Arc::new(Snapshot::new(load(pool).await?));
        *slot = Some(Cached { loaded: Instant::now(), batches, snapshot: snapshot.clone() });
        Ok(snapshot)
    }
}

/// Reads the public figures: a handful of small queries, none over the journal.
pub async fn load(pool: &AnyPool) -> Result<PublicTotals, sqlx::Error> {
    let head = read::head(pool).await?;
    let rows = read::all_totals(pool).await?;
    let committees = read::committees(pool).await?;
    let mut scopes: BTreeMap<String, Vec<Totals>> = BTreeMap::new();
    for (scope, totals) in rows {
        scopes.entry(scope).or_default().push(totals);
    }
    let (shown, other_committees) =
        disclose(&committees, &scopes).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    Ok(PublicTotals {
        head,
        checkpoint: read::latest_checkpoint(pool).await?,
        fund: scopes.remove("fund").unwrap_or_default(),
        general: scopes.remove("general").unwrap_or_default(),
        committees: shown,
        other_committees,
        workers_supported: read::workers_supported(pool).await?,
        monthly: read::monthly(pool).await?,
    })
}

/// Whether a committee may be shown on its own.
pub fn is_disclosed(committee: &CommitteeRow) -> bool {
    committee.public && committee.paid_workers >= PAID_WORKERS_FOR_DISCLOSURE_MIN
}

/// Splits committees into those shown on their own and the sum of the rest.
pub fn disclose(
    committees: &[CommitteeRow],
    scopes: &BTreeMap<String, Vec<Totals>>,
) -> Result<(Vec<PublicCommittee>, Vec<Totals>), MoneyError> {
    let mut shown = Vec::new();
    let mut other: BTreeMap<Currency, Totals> = BTreeMap::new();
    for committee in committees {
        let totals = scopes.get(&format!("committee:{}", committee.key)).cloned().unwrap_or_default();
        if is_disclosed(committee) {
            let name = committee.name.clone().unwrap_or_else(|| committee.key.clone());
            let (slug, paid_workers) = (committee.key.clone(), committee.paid_workers);
            shown.push(PublicCommittee { slug, name, paid_workers, totals });
            continue;
        }
        for row in totals {
            let currency = row.raised.currency();
            let sum = match other.get(&currency) {
                Some(sum) => add(*sum, row)?,
                None => row,
            };
            other.insert(currency, sum);
        }
    }
    Ok((shown, other.into_values().collect()))
}

fn add(a: Totals, b: Totals) -> Result<Totals, MoneyError> {
    Ok(Totals {
        raised: a.raised.checked_add(b.raised)?,
        paid: a.paid.checked_add(b.paid)?,
        reserved: a.reserved.checked_add(b.reserved)?,
        available: a.available.checked_add(b.available)?,
    })
}

fn currencies_json(rows: &[Totals]) -> Value {
    let map: Map<String, Value> = rows
        .iter()
        .map(|t| {
            let figures = json!({
                "raised": t.raised.amount_text(),
                "paid": t.paid.amount_text(),
                "reserved": t.reserved.amount_text(),
                "available": t.available.amount_text(),
            });
            (t.raised.currency().code().to_string(), figures)
        })
        .collect();
    Value::Object(map)
}

impl PublicTotals {
    /// The body of `GET /api/v1/totals`; amounts are decimal strings.
    pub fn to_json(&self) -> Value {
        let committees: Vec<Value> = self
            .committees
            .iter()
            .map(|c| {
                json!({
                    "committee": c.slug,
                    "name": c.name,
                    "workers_supported": c.paid_workers,
                    "currencies": currencies_json(&c.totals),
                })
            })
            .collect();
        let monthly: Vec<Value> = self
            .monthly
            .iter()
            .map(|m| {
                json!({
                    "month": m.month,
                    "currency": m.donated.currency().code(),
                    "donated": m.donated.amount_text(),
                    "paid": m.paid.amount_text(),
                })
            })
            .collect();
        json!({
            "head": { "seq": self.head.seq, "hash": self.head.hash.to_hex() },
            "checkpoint": self.checkpoint.as_ref().map(|c| json!({ "size": c.size, "seq": c.seq, "note": c.note })),
            "currencies": currencies_json(&self.fund),
            "general": currencies_json(&self.general),
            "committees": committees,
            "other_committees": { "currencies": currencies_json(&self.other_committees) },
            "workers_supported": self.workers_supported,
            "monthly": monthly,
            "export": "/export/journal.jsonl",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Money;

    fn eur(minor: i64) -> Totals {
        let currency = Currency::parse("EUR").unwrap();
        let money = Money::from_minor(minor, currency);
        Totals { raised: money, paid: money, reserved: money, available: money }
    }

    fn committee(key: &str, public: bool, paid_workers: u64) -> CommitteeRow {
        CommitteeRow { key: key.into(), public, name: public.then(|| key.to_uppercase()), paid_workers }
    }

    #[test]
    fn small_and_private_committees_are_only_in_the_aggregate() {
        let committees = [committee("maz", true, 5), committee("mtz", true, 4), committee("c-1", false, 9)];
        let mut scopes = BTreeMap::new();
        scopes.insert("committee:maz".to_string(), vec![eur(100)]);
        scopes.insert("committee:mtz".to_string(), vec![eur(20)]);
        scopes.insert("committee:c-1".to_string(), vec![eur(3)]);
        let (shown, other) = disclose(&committees, &scopes).unwrap();
        assert_eq!(shown.len(), 1);
        assert_eq!((shown[0].slug.as_str(), shown[0].name.as_str()), ("maz", "MAZ"));
        assert_eq!(other, vec![eur(23)]);
    }
}
