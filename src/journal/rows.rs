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
    sealed_records: Table,
    idempotency: Table,
    /// key digest → (request digest, seq) of idempotency rows not yet written.
    idempotency_keys: HashMap<String, (String, i64)>,
    /// Keys looked up for the whole batch in one query before deciding:
    /// key digest → what the table held (None: not recorded).
    prefetched: HashMap<String, Option<(String, i64)>>,
}

const JOURNAL: &str = "INSERT INTO journal (seq, prev, hash, at, actor, kind, body, sealed)";
const MERKLE_NODES: &str = "INSERT INTO merkle_nodes (level, idx, hash)";
const DONATIONS: &str =
    "INSERT INTO donations (seq, receipt, account, currency, minor, received_on, committee, donor)";
const SEALED_RECORDS: &str = "INSERT INTO sealed_records (seq, worker, sealed)";
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

    pub fn sealed_record(&mut self, row: Vec<Cell>) {
        self.sealed_records.rows.push(row);
    }

    pub fn idempotency(&mut self, key_digest: String, request_digest: String, seq: i64) {
        self.idempotency_keys.insert(key_digest.clone(), (request_digest.clone(), seq));
        self.idempotency.rows.push(vec![Cell::Text(key_digest), Cell::Text(request_digest), Cell::Int(seq)]);
    }

    /// What is known of an idempotency key without asking the database:
    /// `Some(answer)` when it was recorded earlier in this batch or looked up
    /// by `prefetch_idempotency`, None when the database must be asked.
    pub fn known_idempotency(&self, key_digest: &str) -> Option<Option<(String, i64)>> {
        if let Some(pending) = self.idempotency_keys.get(key_digest) {
            return Some(Some(pending.clone()));
        }
        self.prefetched.get(key_digest).cloned()
    }

    /// Looks up many idempotency keys in a few queries, so that deciding a
    /// batch of donations does not cost one query each.
    pub async fn prefetch_idempotency(
        &mut self,
        conn: &mut AnyConnection,
        keys: Vec<String>,
    ) -> Result<(), sqlx::Error> {
        let positional = conn.backend_name().eq_ignore_ascii_case("sqlite");
        for chunk in keys.chunks(PARAMETERS_PER_STATEMENT_MAX) {
            let placeholders: Vec<String> = (1..=chunk.len())
                .map(|n| if positional { "?".to_string() } else { format!("${n}") })
                .collect();
            let sql = format!(
                "SELECT key_digest, request_digest, seq FROM idempotency WHERE key_digest IN ({})",
                placeholders.join(", ")
            );
            let mut query = sqlx::query_as::<_, (String, String, i64)>(sqlx::AssertSqlSafe(sql));
            for key in chunk {
                query = query.bind(key.clone());
                self.prefetched.insert(key.clone(), None);
            }
            for (key, request, seq) in query.fetch_all(&mut *conn).await? {
                self.prefetched.insert(key, Some((request, seq)));
            }
        }
        Ok(())
    }

    /// Writes every pending row.
    pub async fn write(&mut self, conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
        insert_rows(conn, JOURNAL, &mut self.journal).await?;
        insert_rows(conn, MERKLE_NODES, &mut self.merkle_nodes).await?;
        insert_rows(conn, DONATIONS, &mut self.donations).await?;
        insert_rows(conn, SEALED_RECORDS, &mut self.sealed_records).await?;
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
    // SQLite looks a `$N` parameter up by name in a list, which makes binding
    // thousands of them quadratic; plain `?` is bound by position.
    let positional = conn.backend_name().eq_ignore_ascii_case("sqlite");
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
                if positional {
                    sql.push('?');
                } else {
                    sql.push('$');
                    sql.push_str(&parameter.to_string());
                }
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
