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

/// Verifies every line of an export, in order, on this thread.
pub fn verify_lines(
    reader: impl BufRead,
    verifier: &mut ChainVerifier,
    observer: &mut impl Observer,
) -> Result<(), Stop> {
    verify_lines_after(reader, 0, verifier, observer).map(|_| ())
}

/// Like `verify_lines`, numbering lines after `lines_before`; returns the number of the last line.
fn verify_lines_after(
    mut reader: impl BufRead,
    lines_before: u64,
    verifier: &mut ChainVerifier,
    observer: &mut impl Observer,
) -> Result<u64, Stop> {
    let mut buffer = Vec::with_capacity(1024);
    let (mut number, mut bytes) = (lines_before, 0u64);
    loop {
        buffer.clear();
        let limit = (LINE_BYTES_MAX + 2) as u64;
        let read = reader.by_ref().take(limit).read_until(b'\n', &mut buffer);
        let read =
            read.map_err(|error| Stop::Unreadable(format!("cannot read line {}: {error}", number + 1)))?;
        if read == 0 {
            return Ok(number);
        }
        number += 1;
        bytes += read as u64;
        if buffer.last() == Some(&b'\n') {
            buffer.pop();
        }
        if buffer.len() > LINE_BYTES_MAX {
            return Err(malformed(number, format!("line longer than {LINE_BYTES_MAX} bytes")).into());
        }
        let text = std::str::from_utf8(&buffer).map_err(|_| malformed(number, "not UTF-8".into()))?;
        verify_line(text, verifier, observer).map_err(|stop| stop.at_line(number))?;
        if number.is_multiple_of(PROGRESS_EVERY_LINES) {
            observer.progress(bytes);
        }
    }
}

fn malformed(line: u64, reason: String) -> Finding {
    Finding { seq: None, problem: Problem::Malformed { line, reason } }
}

enum LineStop {
    Malformed(String),
    Finding(Finding),
}

impl LineStop {
    fn at_line(self, line: u64) -> Stop {
        match self {
            LineStop::Malformed(reason) => Stop::Finding(malformed(line, reason)),
            LineStop::Finding(finding) => Stop::Finding(finding),
        }
    }
}

fn verify_line(
    text: &str,
    verifier: &mut ChainVerifier,
    observer: &mut impl Observer,
) -> Result<(), LineStop> {
    if let Some(view) = scan_line(text)
        && let Some(postings) = view.plain_postings()
        && let (Some(prev), Some(claimed)) = (view.prev(), view.claimed())
    {
        let root_before = root_before(view.kind, verifier);
        let step = Step {
            seq: view.seq,
            prev,
            at: view.at,
            claimed,
            computed: Ok(view.compute_hash()),
            postings: Ok(&postings),
            leaf: None,
            in_order: None,
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

pub use parallel::verify_file;

mod parallel {
    //! Verifying an export at the speed of hashing: threads read the file in
    //! chunks of whole lines, scan and hash each line (the costly part, and
    //! independent from line to line), and hand the results back in order;
    //! the calling thread runs the checks that must be sequential (seq,
    //! links, time, balances, the Merkle frontier). Lines that are not in
    //! canonical form are left to the sequential path, so the result is
    //! exactly that of `verify_lines`, only sooner.

    use std::io::Read;
    use std::ops::Range;
    use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

    use super::{Body, LineStop, Observer, Seen, Stop, root_before, verify_line, verify_lines_after};
    use crate::entry::{Hash, LINE_BYTES_MAX};
    use crate::ledger::PostingRef;
    use crate::line::scan_prefix;
    use crate::merkle::leaf_hash;
    use crate::verify::{ChainVerifier, Step};

    /// Bytes read per chunk (a chunk is extended to the end of its last line).
    pub const CHUNK_BYTES: usize = 1 << 20;
    /// Most threads hashing at once.
    pub const HASH_THREADS_MAX: usize = 4;
    /// Chunks queued per hashing thread, each way: memory stays at a few
    /// `CHUNK_BYTES` per thread, however long the export.
    const CHUNKS_QUEUED_MAX: usize = 2;

    type Chunk = Result<Vec<u8>, String>;

    /// What a hashing thread made of one chunk.
    enum Batch {
        Parsed {
            text: String,
            records: Vec<Record>,
            postings: Vec<PostingSpan>,
        },
        /// Not UTF-8 somewhere: checked line by line on the sequential path.
        Raw(Vec<u8>),
    }

    enum Record {
        Fast(Hashed),
        /// Not canonical: parsed and checked on the sequential path.
        Slow(Range<usize>),
    }

    /// A canonical line, scanned and hashed; ranges index the chunk's text.
    struct Hashed {
        seq: u64,
        prev: Hash,
        /// The entry's hash, recomputed; the line claims the same (else it
        /// is left to the sequential path, which says what is wrong).
        computed: Hash,
        leaf: Hash,
        /// Whether `at` is not before the line before's, if that line was scanned here.
        in_order: Option<bool>,
        at: Range<usize>,
        kind: Range<usize>,
        body: Range<usize>,
        postings: Range<usize>,
    }

    struct PostingSpan {
        account: Range<usize>,
        currency: Range<usize>,
        minor: i128,
        digits: u32,
    }

    /// Verifies an export read from `reader`, hashing on several threads.
    pub fn verify_file(
        reader: impl Read + Send,
        verifier: &mut ChainVerifier,
        observer: &mut impl Observer,
    ) -> Result<(), Stop> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, HASH_THREADS_MAX);
        std::thread::scope(|scope| {
            let (mut inputs, mut outputs) = (Vec::with_capacity(threads), Vec::with_capacity(threads));
            for _ in 0..threads {
                let (to_thread, chunks) = sync_channel::<Chunk>(CHUNKS_QUEUED_MAX);
                let (done, from_thread) = sync_channel::<Result<Batch, String>>(CHUNKS_QUEUED_MAX);
                let (give_back, spares) = sync_channel::<Spare>(CHUNKS_QUEUED_MAX + 1);
                scope.spawn(move || hash_chunks(chunks, done, spares));
                inputs.push(to_thread);
                outputs.push((from_thread, give_back));
            }
            // Read buffers go back to the reader once checked: no fresh
            // memory (and page faults) for each chunk.
            let (recycle, recycled) = sync_channel::<Vec<u8>>(threads * 2 * CHUNKS_QUEUED_MAX + 2);
            scope.spawn(move || read_chunks(reader, inputs, recycled));
            check_batches(outputs, verifier, observer, recycle)
        })
    }

    /// Reads whole lines in chunks and deals them to the hashing threads in turn.
    fn read_chunks(mut reader: impl Read, threads: Vec<SyncSender<Chunk>>, recycled: Receiver<Vec<u8>>) {
        let mut carry = Vec::new();
        let mut turn = 0;
        loop {
            let mut buffer = recycled.try_recv().unwrap_or_default();
            buffer.clear();
            buffer.reserve(carry.len() + CHUNK_BYTES);
            buffer.append(&mut carry);
            let read = match reader.by_ref().take(CHUNK_BYTES as u64).read_to_end(&mut buffer) {
                Ok(read) => read,
                Err(error) => {
                    let _ = threads[turn % threads.len()].send(Err(format!("cannot read: {error}")));
                    return;
                }
            };
            let end_of_file = read < CHUNK_BYTES;
            let cut = match buffer.iter().rposition(|b| *b == b'\n') {
                _ if end_of_file => buffer.len(),
                Some(last_newline) => last_newline + 1,
                // A line longer than any entry may be: hand it on, it is reported as such.
                None if buffer.len() > LINE_BYTES_MAX => buffer.len(),
                // A line longer than a chunk: read on, for the same turn.
                None => {
                    carry = buffer;
                    continue;
                }
            };
            carry = buffer.split_off(cut);
            if !buffer.is_empty() && threads[turn % threads.len()].send(Ok(buffer)).is_err() {
                return;
            }
            if end_of_file {
                return;
            }
            turn += 1;
        }
    }

    /// A checked batch's lists, handed back to the thread that filled them:
    /// no fresh memory (and page faults) for each batch.
    type Spare = (Vec<Record>, Vec<PostingSpan>);

    /// What the checks hold of a hashing thread: its batches, and the way
    /// back for their spare lists.
    type HashingThread = (Receiver<Result<Batch, String>>, SyncSender<Spare>);

    fn hash_chunks(
        chunks: Receiver<Chunk>,
        done: SyncSender<Result<Batch, String>>,
        spares: Receiver<Spare>,
    ) {
        for chunk in chunks {
            let spare = spares.try_recv().unwrap_or_default();
            if done.send(chunk.map(|bytes| scan_chunk(bytes, spare))).is_err() {
                return;
            }
        }
    }

    fn scan_chunk(bytes: Vec<u8>, (mut records, mut postings): Spare) -> Batch {
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => return Batch::Raw(error.into_bytes()),
        };
        records.clear();
        postings.clear();
        // The lines of `text`, exactly as `split('\n')` gives them after
        // the final line feed, found while scanning instead of before.
        let mut rest = text.strip_suffix('\n').unwrap_or(&text);
        let (mut previous, mut found) = (None, Vec::with_capacity(8));
        loop {
            let (record, length) = scan_record(&text, rest, &mut postings, &mut previous, &mut found);
            records.push(record);
            match rest.as_bytes().get(length) {
                Some(_) => rest = &rest[length + 1..],
                None => break,
            }
        }
        Batch::Parsed { text, records, postings }
    }

    /// What a record needs of the line before, when that line was scanned here.
    struct Previous<'t> {
        /// The hash it claimed, as written and as read: a `prev` written
        /// the same way is that hash without decoding it.
        hash_hex: &'t str,
        hash: Hash,
        at: &'t str,
    }

    /// The record of the first line of `rest`, and that line's length.
    /// `previous` is updated for the next line.
    fn scan_record<'t>(
        text: &str,
        rest: &'t str,
        postings: &mut Vec<PostingSpan>,
        previous: &mut Option<Previous<'t>>,
        found: &mut Vec<PostingRef<'t>>,
    ) -> (Record, usize) {
        let base = text.as_ptr() as usize;
        let span = |part: &str| {
            let start = part.as_ptr() as usize - base;
            start..start + part.len()
        };
        let before = previous.take();
        let slow = || {
            let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
            (Record::Slow(span(line)), line.len())
        };
        found.clear();
        let Some((view, length)) = scan_prefix(rest, found) else { return slow() };
        if !view.plain {
            return slow();
        }
        let computed = view.compute_hash();
        // Comparing text is cheaper than decoding it; decode only what differs.
        if !computed.hex_matches(view.claimed_hex) {
            return slow();
        }
        let prev = match &before {
            Some(before) if before.hash_hex == view.prev_hex => Some(before.hash),
            _ => view.prev(),
        };
        let Some(prev) = prev else { return slow() };
        let in_order = before.map(|before| view.at >= before.at);
        *previous = Some(Previous { hash_hex: view.claimed_hex, hash: computed, at: view.at });
        let first = postings.len();
        postings.extend(found.iter().map(|p| PostingSpan {
            account: span(p.account),
            currency: span(p.currency),
            minor: p.minor,
            digits: p.digits,
        }));
        let record = Record::Fast(Hashed {
            seq: view.seq,
            prev,
            computed,
            leaf: leaf_hash(&computed),
            in_order,
            at: span(view.at),
            kind: span(view.kind),
            body: span(view.body),
            postings: first..postings.len(),
        });
        (record, length)
    }

    /// The sequential checks, over the batches in file order.
    fn check_batches(
        outputs: Vec<HashingThread>,
        verifier: &mut ChainVerifier,
        observer: &mut impl Observer,
        recycle: SyncSender<Vec<u8>>,
    ) -> Result<(), Stop> {
        let (mut line, mut bytes) = (0u64, 0u64);
        for turn in 0.. {
            // Chunks were dealt in turn; the first thread with nothing more marks the end.
            let (from_thread, give_back) = &outputs[turn % outputs.len()];
            let Ok(batch) = from_thread.recv() else { return Ok(()) };
            match batch.map_err(Stop::Unreadable)? {
                Batch::Raw(raw) => {
                    bytes += raw.len() as u64;
                    line = verify_lines_after(raw.as_slice(), line, verifier, observer)?;
                    let _ = recycle.try_send(raw);
                }
                Batch::Parsed { text, records, postings } => {
                    bytes += text.len() as u64;
                    check_batch(&text, &records, &postings, &mut line, verifier, observer)?;
                    let _ = recycle.try_send(text.into_bytes());
                    let _ = give_back.try_send((records, postings));
                }
            }
            observer.progress(bytes);
        }
        Ok(())
    }

    fn check_batch(
        text: &str,
        records: &[Record],
        postings: &[PostingSpan],
        line: &mut u64,
        verifier: &mut ChainVerifier,
        observer: &mut impl Observer,
    ) -> Result<(), Stop> {
        let mut refs: Vec<PostingRef<'_>> = Vec::with_capacity(8);
        // The `at` of the last entry, when the verifier did not keep it (see `Step::in_order`).
        let mut unkept_at: Option<Range<usize>> = None;
        for record in records {
            *line += 1;
            let hashed = match record {
                Record::Slow(range) => {
                    if let Some(at) = unkept_at.take() {
                        verifier.set_last_at(&text[at]);
                    }
                    let stop = |stop: LineStop| stop.at_line(*line);
                    if range.len() > LINE_BYTES_MAX {
                        let reason = format!("line longer than {LINE_BYTES_MAX} bytes");
                        return Err(LineStop::Malformed(reason).at_line(*line));
                    }
                    verify_line(&text[range.clone()], verifier, observer).map_err(stop)?;
                    continue;
                }
                Record::Fast(hashed) => hashed,
            };
            refs.clear();
            refs.extend(postings[hashed.postings.clone()].iter().map(|p| PostingRef {
                account: &text[p.account.clone()],
                currency: &text[p.currency.clone()],
                minor: p.minor,
                digits: p.digits,
            }));
            let kind = &text[hashed.kind.clone()];
            let root_before = root_before(kind, verifier);
            let step = Step {
                seq: hashed.seq,
                prev: hashed.prev,
                at: &text[hashed.at.clone()],
                claimed: hashed.computed,
                computed: Ok(hashed.computed),
                postings: Ok(&refs),
                leaf: Some(hashed.leaf),
                in_order: hashed.in_order,
            };
            verifier.push_step(&step)?;
            unkept_at = hashed.in_order.map(|_| hashed.at.clone());
            let seen =
                Seen { seq: hashed.seq, kind, body: Body::Text(&text[hashed.body.clone()]), root_before };
            observer.entry(&seen, verifier)?;
        }
        if let Some(at) = unkept_at {
            verifier.set_last_at(&text[at]);
        }
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::entry::Entry;

    /// An export of `entries` donations, one line each.
    fn export(entries: u64) -> String {
        export_at(entries, |_| "2020-08-20T10:00:00.000000Z".into())
    }

    /// Like `export`, with entry `seq` made at `at(seq)`.
    fn export_at(entries: u64, at: impl Fn(u64) -> String) -> String {
        let postings = json!([
            {"account": "assets:bank:lt-main", "currency": "EUR", "amount": "1.00"},
            {"account": "equity:funds:general", "currency": "EUR", "amount": "-1.00"}]);
        export_of(entries, at, |_| postings.clone())
    }

    /// Like `export_at`, with entry `seq` holding `postings(seq)`.
    fn export_of(entries: u64, at: impl Fn(u64) -> String, postings: impl Fn(u64) -> Value) -> String {
        let mut prev = Hash::ZERO;
        let mut out = String::new();
        for seq in 1..=entries {
            let body = json!({"postings": postings(seq), "received_on": "2020-08-20", "donor": format!("donor {seq}")});
            let entry = Entry {
                seq,
                prev,
                at: at(seq),
                actor: "system".into(),
                kind: "donation".into(),
                body: body.as_object().unwrap().clone(),
                sealed: None,
            };
            prev = entry.compute_hash().unwrap();
            out.push_str(&entry.export_line(&prev).unwrap());
            out.push('\n');
        }
        out
    }

    /// How a run ended, as the tests compare it.
    fn describe(result: Result<(), Stop>, verifier: &ChainVerifier) -> String {
        match result {
            Ok(()) => format!("ok {} {}", verifier.size(), verifier.frontier.root()),
            Err(Stop::Finding(finding)) => format!("{finding}"),
            Err(Stop::Unreadable(message)) => format!("unreadable {message}"),
        }
    }

    fn both_ways(text: &str) -> (String, String) {
        let mut sequential = ChainVerifier::default();
        let one = verify_lines(text.as_bytes(), &mut sequential, &mut NoObserver);
        let mut parallel = ChainVerifier::default();
        let other = verify_file(text.as_bytes(), &mut parallel, &mut NoObserver);
        (describe(one, &sequential), describe(other, &parallel))
    }

    #[test]
    fn threads_give_the_same_answer_as_one_thread_across_chunks() {
        let text = export(15_000);
        assert!(text.len() > 2 * parallel::CHUNK_BYTES, "several chunks");
        let (one, other) = both_ways(&text);
        assert!(one.starts_with("ok 15000 "), "{one}");
        assert_eq!(one, other);
        let lines: Vec<&str> = text.lines().collect();
        let edits = [
            // A non-canonical but valid line (reordered members) is read the slow way.
            text.replacen("{\"actor\":\"system\",\"at\":", "{\"at\":", 1).replacen(
                "\"body\":",
                "\"actor\":\"system\",\"body\":",
                1,
            ),
            text.replace(lines[10000], &lines[10000].replace("donor 10001", "donor 10002")),
            text.replace(lines[6250], ""),
            text.replace(lines[7500], "\u{ff}not utf-8 in a str is impossible, so: {"),
            format!("{}\n{}", lines[..12500].join("\n"), "x".repeat(LINE_BYTES_MAX + 10)),
            lines[..10803].join("\n"),
        ];
        for (index, edited) in edits.iter().enumerate() {
            let (one, other) = both_ways(edited);
            assert_eq!(one, other, "edit {index}");
        }
        let (one, _) = both_ways(&edits[1]);
        assert_eq!(one, "seq 10001: hash mismatch: the entry does not hash to its hash");
        let (one, _) = both_ways(&edits[4]);
        assert!(one.starts_with("malformed line 12501: line longer than"), "{one}");
    }

    #[test]
    fn time_going_backwards_is_found_within_and_across_chunks() {
        let lengths: Vec<usize> = export(15_000).lines().map(|line| line.len() + 1).collect();
        let mut end = 0;
        // The first line of the second chunk: the one reaching past the first chunk's bytes.
        let second_chunk = lengths.iter().position(|length| {
            end += length;
            end > parallel::CHUNK_BYTES
        });
        let first_of_second = second_chunk.expect("several chunks") as u64 + 1;
        // Times rise entry by entry; entry `early` repeats the time of the entry two before it.
        let time = |seq: u64| format!("2020-08-20T10:00:00.{seq:06}Z");
        for early in [1234, first_of_second, first_of_second + 1] {
            let text = export_at(15_000, |seq| time(if seq == early { seq - 2 } else { seq }));
            let (one, other) = both_ways(&text);
            assert_eq!(one, format!("seq {early}: time went backwards: at is before the entry before"));
            assert_eq!(one, other, "seq {early}");
        }
        // A time may repeat the one before, across chunks too.
        let text = export_at(15_000, |seq| time(if seq == first_of_second { seq - 1 } else { seq }));
        let (one, other) = both_ways(&text);
        assert!(one.starts_with("ok 15000 "), "{one}");
        assert_eq!(one, other);
    }

    /// What the verifier finds when every line is parsed into a tree (the
    /// slow path, which checks every posting's account as it reads it).
    fn parsed_one_by_one(text: &str) -> String {
        let mut verifier = ChainVerifier::default();
        let result = text.lines().try_for_each(|line| {
            let (entry, claimed) = crate::entry::parse_line(line).unwrap();
            verifier.push(&entry, &claimed).map_err(Stop::Finding)
        });
        describe(result, &verifier)
    }

    /// A scanned line leaves its accounts to the ledger, which checks each
    /// the first time it sees it: the finding is the one the full parser gives.
    #[test]
    fn a_malformed_account_is_found_as_the_parser_finds_it() {
        let posting =
            |account: &str, amount: &str| json!({"account": account, "currency": "EUR", "amount": amount});
        let bad_accounts = ["wages:x", "assets::x", "Assets:bank", "assets", "assets:bank:\u{e9}"];
        for bad in bad_accounts {
            // Entry 7 uses the bad account, first or second, balanced or not.
            let variants: [&dyn Fn(u64) -> Value; 3] = [
                &|seq| match seq {
                    7 => json!([posting(bad, "1.00"), posting("equity:funds:general", "-1.00")]),
                    _ => json!([
                        posting("assets:bank:lt-main", "1.00"),
                        posting("equity:funds:general", "-1.00")
                    ]),
                },
                &|seq| match seq {
                    7 => json!([posting("assets:bank:lt-main", "1.00"), posting(bad, "-2.00")]),
                    _ => json!([
                        posting("assets:bank:lt-main", "1.00"),
                        posting("equity:funds:general", "-1.00")
                    ]),
                },
                &|seq| match seq {
                    7 => json!([
                        posting("assets:bank:lt-main", "1.00"),
                        posting(bad, "-1.00"),
                        posting(bad, "0.50")
                    ]),
                    _ => json!([
                        posting("assets:bank:lt-main", "1.00"),
                        posting("equity:funds:general", "-1.00")
                    ]),
                },
            ];
            for postings in variants {
                let text = export_of(20, |_| "2020-08-20T10:00:00.000000Z".into(), postings);
                let slow = parsed_one_by_one(&text);
                assert!(slow.starts_with("seq 7: malformed postings: account"), "{slow}");
                let (one, other) = both_ways(&text);
                assert_eq!((&one, &other), (&slow, &slow), "{bad}");
            }
        }
    }

    /// The checks stop at the first finding while the hashing threads are
    /// at different turns (one may be done with a later chunk and waiting
    /// for its next turn): every thread must stop too, else `verify_file`
    /// never returns.
    #[test]
    fn a_finding_stops_every_hashing_thread() {
        let text = export(30_000);
        let lines: Vec<&str> = text.lines().collect();
        for seq in [10, 5_000, 9_000, 14_000, 20_000] {
            let line = lines[seq - 1];
            let edited = text.replace(line, &line.replace("donor ", "donor 0"));
            for _ in 0..30 {
                let (sent, finished) = std::sync::mpsc::channel();
                let edited = edited.clone();
                std::thread::spawn(move || {
                    let mut verifier = ChainVerifier::default();
                    let result = verify_file(edited.as_bytes(), &mut verifier, &mut NoObserver);
                    let _ = sent.send(matches!(result, Err(Stop::Finding(f)) if f.seq == Some(seq as u64)));
                });
                let outcome = finished.recv_timeout(std::time::Duration::from_secs(30));
                assert_eq!(outcome, Ok(true), "verify_file must return the finding at seq {seq}");
            }
        }
    }

    #[test]
    fn invalid_utf8_is_found_on_both_paths() {
        let mut bytes = export(30).into_bytes();
        let at = bytes.iter().position(|b| *b == b'\n').unwrap() + 5;
        bytes[at] = 0xff;
        let mut verifier = ChainVerifier::default();
        let Err(Stop::Finding(finding)) = verify_file(bytes.as_slice(), &mut verifier, &mut NoObserver)
        else {
            panic!("invalid UTF-8 must be a finding")
        };
        assert_eq!(finding.to_string(), "malformed line 2: not UTF-8");
    }
}
