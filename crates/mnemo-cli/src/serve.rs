//! `mnemo serve`: the UI and the HTTP API on one port. Each running server leaves a record
//! beside the token file, so that `serve --reuse` on the same store prints the URL of the one
//! already running instead of starting a second (what a second `npm start` does).

use anyhow::{Context, Result};
use mnemo_api::Api;
use mnemo_store::Location;
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The port `serve` tries first when none is given; when it is taken, any free port.
const DEFAULT_PORT: u16 = 7878;

pub struct ServeArgs {
    pub port: Option<u16>,
    pub ui: Option<PathBuf>,
    pub demo: bool,
    pub host: Option<IpAddr>,
    pub reuse: bool,
}

pub async fn run(uri: &Location, args: ServeArgs) -> Result<()> {
    let token_path = mnemo_server::default_token_path();
    let record = record_path(&token_path, uri);
    if args.reuse
        && let Some(running) = Running::read(&record).filter(Running::answers)
    {
        println!("{}", running.url);
        eprintln!(
            "Mnemo is already serving {uri} (process {}): open the URL above",
            running.pid
        );
        return Ok(());
    }
    let engine = crate::open_engine(uri).await?;
    engine.start_duplicate_scan();
    let api = Api::new(engine.clone());
    if args.demo && api.seed_demo().await? {
        eprintln!("imported the demo memory into the empty store at {uri}");
    }
    let ui = (args.ui).map_or_else(
        mnemo_server::Ui::default_for_this_binary,
        mnemo_server::Ui::Dir,
    );
    let token = mnemo_server::load_or_create_token(&token_path).with_context(|| {
        format!(
            "cannot read or create the API token at {}",
            token_path.display()
        )
    })?;
    let ip = args.host.unwrap_or(IpAddr::from([127, 0, 0, 1]));
    let server = bind(api, ip, args.port, &ui, &token).await?;
    let url = format!("http://{}/?token={token}", server.local_addr());
    // The first line is the URL with the token, as Jupyter does: scripts and tests read it.
    println!("{url}");
    std::io::stdout().flush()?;
    let _record = Running::write(&record, &url)
        .inspect_err(|e| tracing::warn!(error = %e, "cannot record this server for --reuse"))
        .ok();
    if !ip.is_loopback() {
        eprintln!(
            "warning: listening on {ip}, not loopback: other machines can reach this server (it still needs the token)"
        );
    }
    eprintln!(
        "serving the store at {uri} with {}; Ctrl+C stops",
        ui.describe()
    );
    tokio::select! {
        r = server.serve() => r.context("the server stopped")?,
        _ = tokio::signal::ctrl_c() => eprintln!("stopping"),
    }
    engine.flush().await?;
    Ok(())
}

/// Binds `port`, or without one the default port, else (taken) a free one.
async fn bind(
    api: Api,
    ip: IpAddr,
    port: Option<u16>,
    ui: &mnemo_server::Ui,
    token: &str,
) -> Result<mnemo_server::Server> {
    let config = |port| mnemo_server::ServerConfig {
        addr: SocketAddr::new(ip, port),
        ui: ui.clone(),
        token: Some(token.to_string()),
    };
    let first = port.unwrap_or(DEFAULT_PORT);
    match mnemo_server::Server::bind(api.clone(), config(first)).await {
        Ok(server) => Ok(server),
        Err(e) if port.is_none() && e.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!("port {first} is taken; listening on a free port instead");
            let server = mnemo_server::Server::bind(api, config(0)).await;
            server.with_context(|| format!("cannot listen on {ip}"))
        }
        Err(e) => {
            Err(e).with_context(|| format!("cannot listen on {}", SocketAddr::new(ip, first)))
        }
    }
}

/// Where the record of a server on `store` lives: beside the token, named by the store.
fn record_path(token_path: &Path, store: &str) -> PathBuf {
    let hash = store.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    token_path
        .with_file_name("serving")
        .join(format!("{hash:016x}"))
}

/// A server that said it is running: its URL (with the token) and process.
struct Running {
    url: String,
    pid: u32,
}

impl Running {
    fn read(path: &Path) -> Option<Running> {
        let text = std::fs::read_to_string(path).ok()?;
        let mut lines = text.lines();
        let url = lines.next()?.to_string();
        let pid = lines.next()?.parse().ok()?;
        Some(Running { url, pid })
    }

    /// Whether its process lives and its port accepts a connection (a stale record does not).
    fn answers(&self) -> bool {
        #[cfg(target_os = "linux")]
        if !Path::new(&format!("/proc/{}", self.pid)).exists() {
            return false;
        }
        let Some(addr) = (self.url.strip_prefix("http://"))
            .and_then(|rest| rest.split('/').next())
            .and_then(|a| a.parse::<SocketAddr>().ok())
        else {
            return false;
        };
        TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok()
    }

    /// Writes the record (readable by this user alone: the URL holds the token); it is removed
    /// when the returned guard drops.
    fn write(path: &Path, url: &str) -> std::io::Result<RecordGuard> {
        let dir = path.parent().expect("a record has a directory");
        std::fs::create_dir_all(dir)?;
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let mut file = private_file(&tmp)?;
        writeln!(file, "{url}\n{}", std::process::id())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(RecordGuard(path.to_path_buf()))
    }
}

fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

struct RecordGuard(PathBuf);

impl Drop for RecordGuard {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_found_while_its_server_answers_and_not_after() {
        let dir = tempfile::tempdir().unwrap();
        let path = record_path(&dir.path().join("token"), "/some/store");
        assert_ne!(path, record_path(&dir.path().join("token"), "/other/store"));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/?token=t", listener.local_addr().unwrap());
        let guard = Running::write(&path, &url).unwrap();
        let found = Running::read(&path).unwrap();
        assert_eq!(
            (found.url.as_str(), found.pid),
            (url.as_str(), std::process::id())
        );
        assert!(found.answers());
        drop(listener);
        assert!(!found.answers(), "a closed port is stale");
        drop(guard);
        assert!(
            Running::read(&path).is_none(),
            "removed when the server stops"
        );
    }
}
