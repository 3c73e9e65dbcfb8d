//! Rows written once per batch with multi-row INSERTs instead of one
//! statement per entry: the journal rows themselves and the projections
//! that only ever grow (Merkle nodes, donations, sealed parts, idempotency
//! keys). Anything that must read these tables within a batch calls
//! `PendingRows::write` first, or looks in the pending rows.

use std::collections::HashMap;

use sqlx::AnyConnection;

/// Most bound parameters in one statement: below SQLite's 32,766 and
/// PostgreSQL's 65,535.
pub const PARAMETERS_PER_STATEMENT_MAX: usize = 30_000;

/// One bound value.
#[derive(Debug, Clone)]
pub enum Cell {
    Int(i64),
    Text(String),
    MaybeText(Option<String>),
}

#[derive(Debug, Default)]
struct Table {
    rows: Vec<Vec<Cell>>,
}

/// The rows of a batch not yet written.
#[derive(Debug, Default)]
pub struct PendingRows {
    journal: Table,
    merkle_nodes: Table,
    donations: Table,
    private_records: Table,
    idempotency: Table,
    /// key digest → (request digest, seq) of idempotency rows not yet written.
    idempotency_keys: HashMap<String, (String, i64)>,
}

const JOURNAL: &str = "INSERT INTO journal (seq, prev, hash, at, actor, kind, body, sealed)";
const MERKLE_NODES: &str = "INSERT INTO merkle_nodes (level, idx, hash)";
const DONATIONS: &str =
    "INSERT INTO donations (seq, receipt, account, currency, minor, received_on, committee, donor)";
const PRIVATE_RECORDS: &str = "INSERT INTO private_records (seq, salt, payload)";
const IDEMPOTENCY: &str = "INSERT INTO idempotency (key_digest, request_digest, seq)";

impl PendingRows {
    pub fn journal(&mut self, row: Vec<Cell>) {
        self.journal.rows.push(row);
    }

    pub fn merkle_node(&mut self, row: Vec<Cell>) {
        self.merkle_nodes.rows.push(row);
    }

    pub fn donation(&mut self, row: Vec<Cell>) {
        self.donations.rows.push(row);
    }

    pub fn private_record(&mut self, row: Vec<Cell>) {
        self.private_records.rows.push(row);
    }

    pub fn idempotency(&mut self, key_digest: String, request_digest: String, seq: i64) {
        self.idempotency_keys.insert(key_digest.clone(), (request_digest.clone(), seq));
        self.idempotency.rows.push(vec![Cell::Text(key_digest), Cell::Text(request_digest), Cell::Int(seq)]);
    }

    /// An idempotency key recorded earlier in this batch.
    pub fn pending_idempotency(&self, key_digest: &str) -> Option<(String, i64)> {
        self.idempotency_keys.get(key_digest).cloned()
    }

    /// Writes every pending row.
    pub async fn write(&mut self, conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
        insert_rows(conn, JOURNAL, &mut self.journal).await?;
        insert_rows(conn, MERKLE_NODES, &mut self.merkle_nodes).await?;
        insert_rows(conn, DONATIONS, &mut self.donations).await?;
        insert_rows(conn, PRIVATE_RECORDS, &mut self.private_records).await?;
        insert_rows(conn, IDEMPOTENCY, &mut self.idempotency).await?;
        self.idempotency_keys.clear();
        Ok(())
    }
}

/// `INSERT … VALUES ($1, $2), ($3, $4), …` in chunks that respect the
/// parameter limit; empties the table.
async fn insert_rows(conn: &mut AnyConnection, head: &str, table: &mut Table) -> Result<(), sqlx::Error> {
    let rows = std::mem::take(&mut table.rows);
    let Some(width) = rows.first().map(Vec::len) else { return Ok(()) };
    let rows_per_statement = (PARAMETERS_PER_STATEMENT_MAX / width).max(1);
    for chunk in rows.chunks(rows_per_statement) {
        let mut sql = String::with_capacity(head.len() + chunk.len() * width * 6);
        sql.push_str(head);
        sql.push_str(" VALUES ");
        let mut parameter = 0;
        for (index, row) in chunk.iter().enumerate() {
            assert_eq!(row.len(), width, "every row of {head} has the same width");
            sql.push_str(if index == 0 { "(" } else { ", (" });
            for column in 0..width {
                parameter += 1;
                if column > 0 {
                    sql.push_str(", ");
                }
                sql.push('$');
                sql.push_str(&parameter.to_string());
            }
            sql.push(')');
        }
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for cell in chunk.iter().flatten() {
            query = match cell {
                Cell::Int(value) => query.bind(*value),
                Cell::Text(value) => query.bind(value.clone()),
                Cell::MaybeText(value) => query.bind(value.clone()),
            };
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}
