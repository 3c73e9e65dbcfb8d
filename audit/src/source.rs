//! Streams a journal through a `ChainVerifier`: from a public export file
//! (one JSON entry per line) or, with the `db` feature, straight from a
//! server's database, read-only and page by page. Memory stays flat: one
//! line or one page at a time.

use std::io::{BufRead, Read};

use serde_json::{Map, Value};

use crate::entry::{Hash, LINE_BYTES_MAX, parse_line};
use crate::line::scan_line;
use crate::verify::{ChainVerifier, Finding, Problem, Step};

/// What a command sees of an entry once the chain checks passed on it.
#[derive(Debug)]
pub struct Seen<'a> {
    pub seq: u64,
    pub kind: &'a str,
    pub body: Body<'a>,
    /// The tree hash of the entries before this one, for `checkpoint` entries.
    pub root_before: Option<Hash>,
}

/// An entry's body: canonical text (read from a canonical line) or parsed.
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    Text(&'a str),
    Map(&'a Map<String, Value>),
}

impl Body<'_> {
    pub fn to_map(self) -> Map<String, Value> {
        match self {
            Body::Text(text) => serde_json::from_str(text).expect("a scanned body is a JSON object"),
            Body::Map(map) => map.clone(),
        }
    }
}

/// Why a stream stopped early.
#[derive(Debug)]
pub enum Stop {
    /// The journal is wrong here.
    Finding(Finding),
    /// It could not be read.
    Unreadable(String),
}

impl From<Finding> for Stop {
    fn from(finding: Finding) -> Stop {
        Stop::Finding(finding)
    }
}

/// Called after each entry that passed the chain checks.
pub trait Observer {
    fn entry(&mut self, seen: &Seen<'_>, verifier: &ChainVerifier) -> Result<(), Finding>;
    /// Progress: bytes read (files) or entries read (databases).
    fn progress(&mut self, _done: u64) {}
}

/// An observer that looks at nothing.
pub struct NoObserver;

impl Observer for NoObserver {
    fn entry(&mut self, _: &Seen<'_>, _: &ChainVerifier) -> Result<(), Finding> {
        Ok(())
    }
}

/// Lines between two progress reports.
const PROGRESS_EVERY_LINES: u64 = 16_384;

fn root_before(kind: &str, verifier: &ChainVerifier) -> Option<Hash> {
    (kind == "checkpoint").then(|| verifier.frontier.root())
}

/// Verifies every line of an export, in order.
pub fn verify_lines(
    mut reader: impl BufRead,
    verifier: &mut ChainVerifier,
    observer: &mut impl Observer,
) -> Result<(), Stop> {
    let mut buffer = Vec::with_capacity(1024);
    let (mut number, mut bytes) = (0u64, 0u64);
    loop {
        buffer.clear();
        let limit = (LINE_BYTES_MAX + 2) as u64;
        let read = reader.by_ref().take(limit).read_until(b'\n', &mut buffer);
        let read =
            read.map_err(|error| Stop::Unreadable(format!("cannot read line {}: {error}", number + 1)))?;
        if read == 0 {
            return Ok(());
        }
        number += 1;
        bytes += read as u64;
        if buffer.last() == Some(&b'\n') {
            buffer.pop();
        }
        let malformed =
            |reason: String| Finding { seq: None, problem: Problem::Malformed { line: number, reason } };
        if buffer.len() > LINE_BYTES_MAX {
            return Err(malformed(format!("line longer than {LINE_BYTES_MAX} bytes")).into());
        }
        let text = std::str::from_utf8(&buffer).map_err(|_| malformed("not UTF-8".into()))?;
        verify_line(text, verifier, observer).map_err(|stop| match stop {
            LineStop::Malformed(reason) => Stop::Finding(malformed(reason)),
            LineStop::Finding(finding) => Stop::Finding(finding),
        })?;
        if number.is_multiple_of(PROGRESS_EVERY_LINES) {
            observer.progress(bytes);
        }
    }
}

enum LineStop {
    Malformed(String),
    Finding(Finding),
}

fn verify_line(
    text: &str,
    verifier: &mut ChainVerifier,
    observer: &mut impl Observer,
) -> Result<(), LineStop> {
    if let Some(view) = scan_line(text)
        && let Some(postings) = view.plain_postings()
    {
        let root_before = root_before(view.kind, verifier);
        let step = Step {
            seq: view.seq,
            prev: view.prev,
            at: view.at,
            claimed: view.claimed,
            computed: Ok(view.compute_hash()),
            postings: Ok(&postings),
        };
        verifier.push_step(&step).map_err(LineStop::Finding)?;
        let seen = Seen { seq: view.seq, kind: view.kind, body: Body::Text(view.body), root_before };
        return observer.entry(&seen, verifier).map_err(LineStop::Finding);
    }
    let (entry, claimed) = parse_line(text).map_err(|error| LineStop::Malformed(error.to_string()))?;
    let root_before = root_before(&entry.kind, verifier);
    verifier.push(&entry, &claimed).map_err(LineStop::Finding)?;
    let seen = Seen { seq: entry.seq, kind: &entry.kind, body: Body::Map(&entry.body), root_before };
    observer.entry(&seen, verifier).map_err(LineStop::Finding)
}

#[cfg(feature = "db")]
pub mod db {
    //! Reading a server's database: SQLite opened with `mode=ro`, PostgreSQL
    //! in a `READ ONLY` transaction; either way one snapshot, read by seq in
    //! pages, so the tool can never change what it checks.

    use std::str::FromStr;

    use serde_json::{Map, Value};
    use sqlx::any::AnyConnectOptions;
    use sqlx::{AnyConnection, ConnectOptions, Connection, Executor};

    use super::{Body, Observer, Seen, Stop, root_before};
    use crate::entry::parse_value;
    use crate::verify::{ChainVerifier, Finding, Problem};

    /// Entries read per query.
    pub const PAGE_ENTRIES_MAX: i64 = 5_000;

    /// An open, read-only view of a strikefund database.
    pub struct DbJournal {
        connection: AnyConnection,
    }

    fn unreadable(what: &str) -> impl Fn(sqlx::Error) -> Stop + '_ {
        move |error| Stop::Unreadable(format!("{what}: {error}"))
    }

    /// `mode=ro` on a SQLite URL, whatever mode it named.
    fn sqlite_read_only(url: &str) -> String {
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut params: Vec<&str> =
            query.split('&').filter(|p| !p.is_empty() && !p.starts_with("mode=")).collect();
        params.push("mode=ro");
        format!("{base}?{}", params.join("&"))
    }

    impl DbJournal {
        /// Opens the database read-only and starts one read-only snapshot.
        pub async fn open(url: &str) -> Result<DbJournal, Stop> {
            sqlx::any::install_default_drivers();
            let sqlite = url.starts_with("sqlite:");
            let postgres = url.starts_with("postgres:") || url.starts_with("postgresql:");
            if !sqlite && !postgres {
                return Err(Stop::Unreadable("database URL must start with sqlite:// or postgres://".into()));
            }
            let url = if sqlite { sqlite_read_only(url) } else { url.to_string() };
            let options =
                AnyConnectOptions::from_str(&url).map_err(unreadable("cannot open the database"))?;
            let mut connection = options
                .disable_statement_logging()
                .connect()
                .await
                .map_err(unreadable("cannot open the database"))?;
            let begin = if sqlite { "BEGIN" } else { "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" };
            connection.execute(begin).await.map_err(unreadable("cannot start a read-only transaction"))?;
            Ok(DbJournal { connection })
        }

        /// Number of entries in the journal (for the progress bar).
        pub async fn count(&mut self) -> Result<u64, Stop> {
            let max: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM journal")
                .fetch_one(&mut self.connection)
                .await
                .map_err(unreadable("cannot read the journal"))?;
            Ok(max.unwrap_or(0).max(0) as u64)
        }

        /// Verifies every entry, in seq order.
        pub async fn verify(
            &mut self,
            verifier: &mut ChainVerifier,
            observer: &mut impl Observer,
        ) -> Result<(), Stop> {
            let mut after = 0i64;
            loop {
                let rows: Vec<Row> = sqlx::query_as(
                    "SELECT seq, prev, hash, at, actor, kind, body, sealed FROM journal \
                     WHERE seq > $1 ORDER BY seq LIMIT $2",
                )
                .bind(after)
                .bind(PAGE_ENTRIES_MAX)
                .fetch_all(&mut self.connection)
                .await
                .map_err(unreadable("cannot read the journal"))?;
                let Some(last) = rows.last() else { return Ok(()) };
                after = last.seq;
                for row in rows {
                    let seq = row.seq;
                    let (entry, claimed) = row
                        .into_value()
                        .and_then(|v| parse_value(v).map_err(|e| e.to_string()))
                        .map_err(|reason| Finding {
                            seq: u64::try_from(seq).ok(),
                            problem: Problem::MalformedRow { reason },
                        })?;
                    let root_before = root_before(&entry.kind, verifier);
                    verifier.push(&entry, &claimed)?;
                    let seen =
                        Seen { seq: entry.seq, kind: &entry.kind, body: Body::Map(&entry.body), root_before };
                    observer.entry(&seen, verifier)?;
                }
                observer.progress(u64::try_from(after).unwrap_or(0));
            }
        }

        /// The server's own balances table: (account, currency, minor units), in the same snapshot.
        pub async fn balances(&mut self) -> Result<Vec<(String, String, i64)>, Stop> {
            sqlx::query_as("SELECT account, currency, minor FROM balances ORDER BY account, currency")
                .fetch_all(&mut self.connection)
                .await
                .map_err(unreadable("cannot read the balances table"))
        }

        /// Ends the snapshot (nothing was written).
        pub async fn close(mut self) {
            let _ = self.connection.execute("ROLLBACK").await;
            let _ = self.connection.close().await;
        }
    }

    #[derive(sqlx::FromRow)]
    struct Row {
        seq: i64,
        prev: String,
        hash: String,
        at: String,
        actor: String,
        kind: String,
        body: String,
        sealed: Option<String>,
    }

    impl Row {
        /// The entry's public form, to be checked exactly as a line of the export is.
        fn into_value(self) -> Result<Value, String> {
            let body: Value =
                serde_json::from_str(&self.body).map_err(|e| format!("body is not JSON: {e}"))?;
            let mut map = Map::new();
            map.insert("seq".into(), Value::from(self.seq));
            map.insert("prev".into(), Value::String(self.prev));
            map.insert("hash".into(), Value::String(self.hash));
            map.insert("at".into(), Value::String(self.at));
            map.insert("actor".into(), Value::String(self.actor));
            map.insert("kind".into(), Value::String(self.kind));
            map.insert("body".into(), body);
            map.insert("sealed".into(), self.sealed.map_or(Value::Null, Value::String));
            Ok(Value::Object(map))
        }
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn sqlite_urls_are_opened_read_only() {
            assert_eq!(super::sqlite_read_only("sqlite:///tmp/x.db"), "sqlite:///tmp/x.db?mode=ro");
            assert_eq!(
                super::sqlite_read_only("sqlite://x.db?mode=rwc&cache=shared"),
                "sqlite://x.db?cache=shared&mode=ro"
            );
        }
    }
}
