//! Importing donations from a bank's or processor's CSV export, all or
//! nothing: every row is checked first, and if any is bad nothing is
//! recorded and every bad line is listed with its number and reason. Rows
//! are identified by account + reference, so importing a file again, or a
//! file that overlaps one imported before, records only the rows not seen.
//!
//! Used by `strikefund donations import` and by the treasurer's upload form.

use std::collections::HashMap;
use std::fmt;

use sqlx::AnyPool;
use time::Date;

use crate::intake::{self, Directory, DonationProblem, RawDonation};
use crate::journal::command::DonationInput;
use crate::journal::decide::{DonationDigests, donation_digests};
use crate::journal::{Actor, Command, CommandError, Journal};

/// Largest CSV file accepted, in bytes (about 700,000 typical rows).
pub const IMPORT_FILE_BYTES_MAX: usize = 64 * 1024 * 1024;

/// Most data rows in one file.
pub const IMPORT_ROWS_MAX: usize = 1_000_000;

/// Rows handed to the journal writer at once: enough for it to fill its
/// batches, few enough that progress is reported often.
pub const IMPORT_CHUNK_ROWS: usize = 4_096;

/// Digests looked up in one query when finding rows already recorded.
pub const LOOKUP_CHUNK_ROWS: usize = 500;

/// The columns, in the documented order. `earmark` and `donor` may be left out.
pub const COLUMNS: [&str; 7] =
    ["received_on", "amount", "currency", "account", "reference", "earmark", "donor"];
const COLUMNS_REQUIRED: usize = 5;

/// A bad row: its line number in the file (the header is line 1) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub line: u64,
    pub problems: Vec<DonationProblem>,
}

impl fmt::Display for BadLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, intake::describe(&self.problems))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the file is larger than {IMPORT_FILE_BYTES_MAX} bytes")]
    FileTooLarge,
    #[error("the file has more than {IMPORT_ROWS_MAX} rows")]
    TooManyRows,
    #[error("the file is not CSV in UTF-8: {0}")]
    NotCsv(String),
    #[error("the header must name the columns {columns}; {0}", columns = COLUMNS.join(","))]
    HeaderMustNameColumns(String),
    #[error("{} bad lines; nothing was imported", .0.len())]
    BadLines(Vec<BadLine>),
    #[error(
        "line {line} was refused: {error}; the rows before it were recorded, import the file again for the rest"
    )]
    Refused { line: u64, error: CommandError },
    #[error("database error: {0}")]
    Store(#[from] sqlx::Error),
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// Data rows in the file.
    pub rows: usize,
    /// Rows recorded now (for a dry run: rows that would be).
    pub added: usize,
    /// Rows recorded before, by an earlier import or earlier in this file.
    pub already_recorded: usize,
}

/// A row that passed every check.
struct GoodRow {
    line: u64,
    input: DonationInput,
    digests: DonationDigests,
}

/// Reads and checks every row of a CSV file. Returns the good rows in file
/// order, or every bad line.
fn read_rows(bytes: &[u8], directory: &Directory, latest_day: Date) -> Result<Vec<GoodRow>, ImportError> {
    if bytes.len() > IMPORT_FILE_BYTES_MAX {
        return Err(ImportError::FileTooLarge);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(bytes);
    let header = reader.headers().map_err(|e| ImportError::NotCsv(e.to_string()))?.clone();
    let positions = column_positions(&header)?;
    let mut lines = LineCounter { bytes, offset: 0, line: 1 };
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (index, record) in reader.records().enumerate() {
        if index >= IMPORT_ROWS_MAX {
            return Err(ImportError::TooManyRows);
        }
        let record = record.map_err(|e| ImportError::NotCsv(e.to_string()))?;
        let byte = record.position().map_or(0, csv::Position::byte);
        let line = lines.line_at(usize::try_from(byte).unwrap_or(usize::MAX));
        if record.len() != header.len() {
            bad.push(BadLine { line, problems: vec![DonationProblem::ColumnsMustMatchHeader] });
            continue;
        }
        let field = |column: usize| positions[column].and_then(|p| record.get(p)).unwrap_or("").to_string();
        let raw = RawDonation {
            received_on: field(0),
            amount: field(1),
            currency: field(2),
            account: field(3),
            reference: field(4),
            earmark: field(5),
            donor: field(6),
        };
        match intake::check(&raw, directory, latest_day) {
            Ok(input) => good.push(GoodRow { line, digests: donation_digests(&input), input }),
            Err(problems) => bad.push(BadLine { line, problems }),
        }
    }
    if !bad.is_empty() {
        return Err(ImportError::BadLines(bad));
    }
    Ok(good)
}

/// Reads and checks every row of a CSV file and records nothing: the
/// donations it holds in file order, or why it is refused (the first step
/// of `import`, open to a fuzzer and to tests).
pub fn check_file(
    bytes: &[u8],
    directory: &Directory,
    latest_day: Date,
) -> Result<Vec<DonationInput>, ImportError> {
    Ok(read_rows(bytes, directory, latest_day)?.into_iter().map(|row| row.input).collect())
}

/// Line numbers of records, counted from their byte offsets (the csv crate
/// counts a record that follows a CRLF as starting on the line before).
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl LineCounter<'_> {
    /// The line of the record at `byte`; records come in increasing order.
    fn line_at(&mut self, byte: usize) -> u64 {
        let mut start = byte.min(self.bytes.len());
        while self.bytes.get(start).is_some_and(|b| *b == b'\r' || *b == b'\n') {
            start += 1;
        }
        if start > self.offset {
            self.line += self.bytes[self.offset..start].iter().filter(|b| **b == b'\n').count() as u64;
            self.offset = start;
        }
        self.line
    }
}

/// Where each documented column is in this file's header.
fn column_positions(header: &csv::StringRecord) -> Result<[Option<usize>; 7], ImportError> {
    let mut positions = [None; 7];
    for (position, name) in header.iter().enumerate() {
        let column = COLUMNS.iter().position(|c| *c == name).ok_or_else(|| {
            ImportError::HeaderMustNameColumns(format!("column {} is not one of them", position + 1))
        })?;
        if positions[column].replace(position).is_some() {
            return Err(ImportError::HeaderMustNameColumns(format!("{name} appears twice")));
        }
    }
    if let Some(missing) = (0..COLUMNS_REQUIRED).find(|c| positions[*c].is_none()) {
        return Err(ImportError::HeaderMustNameColumns(format!("{} is missing", COLUMNS[missing])));
    }
    Ok(positions)
}

/// Splits checked rows into those to record and the count already recorded
/// (before, or earlier in this file). A reference reused with different
/// details is a bad line, found before anything is recorded.
async fn new_rows(pool: &AnyPool, rows: Vec<GoodRow>) -> Result<(Vec<GoodRow>, usize), ImportError> {
    let mut recorded: HashMap<String, String> = HashMap::new();
    for chunk in rows.chunks(LOOKUP_CHUNK_ROWS) {
        recorded.extend(recorded_digests(pool, chunk).await?);
    }
    let mut fresh = Vec::new();
    let mut already = 0;
    let mut bad = Vec::new();
    for row in rows {
        match recorded.get(&row.digests.key_digest) {
            Some(request) if *request == row.digests.request_digest => already += 1,
            Some(_) => bad.push(BadLine {
                line: row.line,
                problems: vec![DonationProblem::ReferenceMustNotBeReusedWithOtherDetails],
            }),
            None => {
                recorded.insert(row.digests.key_digest.clone(), row.digests.request_digest.clone());
                fresh.push(row);
            }
        }
    }
    if !bad.is_empty() {
        return Err(ImportError::BadLines(bad));
    }
    Ok((fresh, already))
}

/// The (key digest → request digest) pairs of the idempotency table among these rows.
async fn recorded_digests(pool: &AnyPool, rows: &[GoodRow]) -> Result<Vec<(String, String)>, sqlx::Error> {
    let placeholders: Vec<String> = (1..=rows.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "SELECT key_digest, request_digest FROM idempotency WHERE key_digest IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for row in rows {
        query = query.bind(row.digests.key_digest.clone());
    }
    query.fetch_all(pool).await
}

/// Imports a CSV file: checks every row, then (unless `dry_run`) records the
/// rows not recorded before, in file order, as `actor`. `progress` is called
/// with the number of new rows recorded so far.
pub async fn import(
    pool: &AnyPool,
    journal: &Journal,
    actor: &Actor,
    bytes: &[u8],
    dry_run: bool,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<ImportReport, ImportError> {
    let directory = Directory::load(pool).await?;
    let rows = read_rows(bytes, &directory, intake::latest_receipt_day())?;
    let total = rows.len();
    let (fresh, already_recorded) = new_rows(pool, rows).await?;
    let report = ImportReport { rows: total, added: fresh.len(), already_recorded };
    if dry_run {
        return Ok(report);
    }
    let target = fresh.len() as u64;
    let mut done = 0u64;
    for chunk in fresh.chunks(IMPORT_CHUNK_ROWS) {
        let commands = chunk.iter().map(|row| Command::RecordDonation(row.input.clone())).collect();
        let results = journal.submit_many(actor, commands).await;
        for (row, result) in chunk.iter().zip(results) {
            result.map_err(|error| ImportError::Refused { line: row.line, error })?;
        }
        done += chunk.len() as u64;
        progress(done, target);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_must_name_the_required_columns() {
        let header = csv::StringRecord::from(vec!["received_on", "amount", "currency", "account"]);
        let error = column_positions(&header).unwrap_err();
        assert!(error.to_string().ends_with("reference is missing"), "{error}");
        let header = csv::StringRecord::from(vec!["amount", "received_on", "x"]);
        assert!(column_positions(&header).unwrap_err().to_string().ends_with("column 3 is not one of them"));
    }

    #[test]
    fn line_numbers_count_crlf_and_lf_alike() {
        let text = b"a,b\r\n1,2\r\n\"x\ny\",3\n4,5\n";
        let mut reader = csv::ReaderBuilder::new().from_reader(&text[..]);
        let mut counter = LineCounter { bytes: text, offset: 0, line: 1 };
        let lines: Vec<u64> = reader
            .records()
            .map(|r| counter.line_at(usize::try_from(r.unwrap().position().unwrap().byte()).unwrap()))
            .collect();
        assert_eq!(lines, [2, 3, 5]);
    }

    #[test]
    fn a_reordered_header_without_optional_columns_is_accepted() {
        let header =
            csv::StringRecord::from(vec!["reference", "account", "currency", "amount", "received_on"]);
        let positions = column_positions(&header).unwrap();
        assert_eq!(positions, [Some(4), Some(3), Some(2), Some(1), Some(0), None, None]);
    }
}
