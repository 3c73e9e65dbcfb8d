//! Exports of the journal for people outside the server: the accountant's
//! ledger (hledger, Beancount). Everything here reads the journal's public
//! entry forms only, page by page, so memory stays flat however long the
//! journal is, and nothing private can reach an export.

mod beancount;
mod hledger;
pub mod ledger;

use futures_util::stream::{self, Stream, StreamExt};
use sqlx::AnyPool;
use strikefund_audit::{Entry, Hash};

use crate::journal::{REPLAY_PAGE_ENTRIES, read_page};
pub use beancount::account_name as beancount_account_name;
pub use ledger::{Format, LedgerExport, LedgerExportError};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot read the journal: {0}")]
    Store(#[from] sqlx::Error),
    #[error("{0}")]
    RowMalformed(String),
    #[error(transparent)]
    Ledger(#[from] LedgerExportError),
}

/// The journal's entries in seq order, one page per item: all of them, or
/// those with seq up to `until`.
pub fn entry_pages(
    pool: AnyPool,
    until: Option<u64>,
) -> impl Stream<Item = Result<Vec<(Entry, Hash)>, ExportError>> + Send + 'static {
    let last = until.map_or(i64::MAX, |seq| i64::try_from(seq).unwrap_or(i64::MAX));
    stream::try_unfold(0i64, move |after| {
        let pool = pool.clone();
        async move {
            let limit = REPLAY_PAGE_ENTRIES.min(last - after);
            if limit <= 0 {
                return Ok(None);
            }
            let rows = read_page(&pool, after, limit).await?;
            let Some(next) = rows.last().map(|row| row.seq) else { return Ok(None) };
            let entries = rows
                .into_iter()
                .map(|row| row.into_entry().map_err(ExportError::RowMalformed))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some((entries, next)))
        }
    })
}

/// The ledger export as text chunks (the header, then one chunk per page of
/// entries, then the closing assertions). The stream ends after an error.
pub fn ledger_chunks(
    pool: AnyPool,
    format: Format,
    until: Option<u64>,
) -> impl Stream<Item = Result<String, ExportError>> + Send + 'static {
    let pages = entry_pages(pool, until).map(Some).chain(stream::iter([None]));
    let body = pages.scan(Some(LedgerExport::new(format)), |state, page| {
        let chunk = match page {
            _ if state.is_none() => None,
            Some(Ok(entries)) => {
                let export = state.as_mut().expect("checked above");
                let mut chunk = String::with_capacity(entries.len() * 400);
                let pushed: Result<(), LedgerExportError> =
                    entries.iter().try_for_each(|(entry, hash)| export.push(entry, hash, &mut chunk));
                Some(pushed.map(|()| chunk).map_err(ExportError::from))
            }
            Some(Err(error)) => Some(Err(error)),
            None => state.take().map(|export| {
                let mut chunk = String::new();
                export.finish(&mut chunk);
                Ok(chunk)
            }),
        };
        if matches!(chunk, Some(Err(_))) {
            *state = None;
        }
        std::future::ready(chunk)
    });
    stream::iter([Ok(format.header())]).chain(body)
}
