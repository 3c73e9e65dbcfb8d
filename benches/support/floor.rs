//! The physical floor of an append: the same number of rows as the journal
//! would write, inserted into a plain table in the same batch sizes (one
//! transaction per batch), without hashing, validation or projections.
//! Shared by `benches/journal_append.rs` and `examples/append_floor.rs`.

use std::time::Instant;

use strikefund::store::Db;

/// Inserts `rows` rows in transactions of `batch` rows into a new plain table
/// of the database at `url`; returns rows per second.
pub async fn measure_floor(url: &str, rows: usize, batch: usize) -> f64 {
    let db = Db::connect(url).await.expect("the floor's database opens");
    sqlx::query(
        "CREATE TABLE floor_rows (seq BIGINT PRIMARY KEY, prev TEXT NOT NULL, hash TEXT NOT NULL, \
         at TEXT NOT NULL, actor TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, sealed TEXT)",
    )
    .execute(&db.pool)
    .await
    .expect("the floor's table is created");
    let body = r#"{"postings":[{"account":"assets:bank:lt-main","amount":"25.00","currency":"EUR"},{"account":"equity:funds:general","amount":"-25.00","currency":"EUR"}],"received_on":"2020-09-01"}"#;
    let hash = "7".repeat(64);
    let batch = batch.max(1);
    let start = Instant::now();
    let mut seq = 0usize;
    while seq < rows {
        let mut tx = db.begin_append().await.expect("a transaction starts");
        for _ in 0..batch.min(rows - seq) {
            seq += 1;
            sqlx::query(
                "INSERT INTO floor_rows (seq, prev, hash, at, actor, kind, body, sealed) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(seq as i64)
            .bind(&hash)
            .bind(&hash)
            .bind("2026-11-21T00:00:00.000000Z")
            .bind("system")
            .bind("donation")
            .bind(body)
            .bind(&hash)
            .execute(&mut *tx)
            .await
            .expect("a floor row is inserted");
        }
        tx.commit().await.expect("a floor batch commits");
    }
    let rate = rows as f64 / start.elapsed().as_secs_f64();
    db.close().await;
    rate
}
