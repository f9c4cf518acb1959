//! A small HTTP/1.1 client for the benchmarks that drive `mnemo serve` from outside, as an agent
//! would (one connection per request, the token in a header).

use anyhow::{Context, Result, anyhow, bail};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[derive(Clone)]
pub struct Client {
    addr: SocketAddr,
    token: String,
}

impl Client {
    /// From the URL `mnemo serve` prints first: `http://127.0.0.1:PORT/?token=…`.
    pub fn from_url(url: &str) -> Result<Client> {
        let rest = url.strip_prefix("http://").context("an http:// URL")?;
        let (host, query) = rest.split_once("/?token=").context("a URL with a token")?;
        Ok(Client {
            addr: host
                .parse()
                .with_context(|| format!("an address in {url}"))?,
            token: query.trim().to_string(),
        })
    }

    /// Sends a request; answers the status and the body. Gives up after 60 s.
    pub async fn call(&self, method: &str, path: &str, body: &str) -> Result<(u16, String)> {
        tokio::time::timeout(Duration::from_secs(60), self.exchange(method, path, body))
            .await
            .map_err(|_| anyhow!("{method} {path}: no answer in 60 s"))?
    }

    async fn exchange(&self, method: &str, path: &str, body: &str) -> Result<(u16, String)> {
        let mut s = TcpStream::connect(self.addr).await?;
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.addr,
            self.token,
            body.len()
        );
        s.write_all(head.as_bytes()).await?;
        s.write_all(body.as_bytes()).await?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).await?;
        parse(&String::from_utf8_lossy(&raw))
    }
}

fn parse(raw: &str) -> Result<(u16, String)> {
    let (head, body) = raw.split_once("\r\n\r\n").context("an HTTP response")?;
    let status = (head.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .context("a status line")?;
    let chunked = (head.lines()).any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    let body = if chunked {
        dechunk(body)?
    } else {
        body.to_string()
    };
    Ok((status, body))
}

fn dechunk(mut s: &str) -> Result<String> {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16)?;
        if n == 0 {
            return Ok(out);
        }
        if rest.len() < n + 2 {
            bail!("a chunk cut short");
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_and_chunked_answers() {
        let plain = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
        assert_eq!(parse(plain).unwrap(), (200, "{}".into()));
        let chunked = "HTTP/1.1 409 Conflict\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        assert_eq!(parse(chunked).unwrap(), (409, "abcde".into()));
        let c = Client::from_url("http://127.0.0.1:7878/?token=abc\n").unwrap();
        assert_eq!((c.addr.port(), c.token.as_str()), (7878, "abc"));
    }
}
