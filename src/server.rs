//! Starting the server: open and migrate the database, check the chain,
//! start the journal writer, and serve.

use std::sync::Arc;

use tokio::net::TcpListener;

use crate::config::Config;
use crate::journal::{self, Journal};
use crate::privacy;
use crate::store::{Db, StoreError};
use crate::web::{self, AppState};

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    DataKey(String),
}

impl From<sqlx::Error> for PrepareError {
    fn from(error: sqlx::Error) -> PrepareError {
        PrepareError::Store(StoreError::Query(error))
    }
}

/// Opens the database and starts the journal writer. When the startup check
/// finds a problem the server still serves reads, but refuses every write
/// and says why. A data key that is not the database's is refused outright.
pub async fn prepare(db_url: &str, config: Config) -> Result<AppState, PrepareError> {
    let db = Db::open(db_url).await?;
    match &config.data_key {
        Some(key) => {
            privacy::maintenance::check_data_key(&db, key).await.map_err(PrepareError::DataKey)?;
            let moved = privacy::maintenance::seal_legacy_records(&db, key).await?;
            if moved > 0 {
                tracing::info!(records = moved, "plaintext private records sealed with the data key");
            }
        }
        None => tracing::warn!(
            "no data key (--data-key): personal data can be neither sealed nor shown, \
             and writes that carry it are refused"
        ),
    }
    let problem = journal::startup_check(&db).await?;
    if let Some(reason) = &problem {
        tracing::error!(%reason, "startup check failed: refusing writes");
    }
    let journal = Journal::start(db.clone(), problem, config.data_key.clone());
    Ok(AppState {
        db,
        journal,
        config: Arc::new(config),
        figures: Default::default(),
        directory: Default::default(),
    })
}

/// Serves the application on `listener` until Ctrl-C or SIGTERM.
pub async fn serve(state: AppState, listener: TcpListener) -> std::io::Result<()> {
    let address = listener.local_addr()?;
    tracing::info!(%address, "serving");
    // The peer address is used to throttle failed logins per IP address.
    let journal = state.journal.clone();
    let app = web::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await?;
    let stats = journal.stats();
    tracing::info!(entries = stats.entries, batches = stats.batches, "stopped; the journal writer committed");
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        () = terminate => {}
    }
}
