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
        let (status, _, body) = self.call_with(method, path, &[], body).await?;
        Ok((status, body))
    }

    /// Sends a request with more headers; answers the status, the head and the body.
    pub async fn call_with(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Result<(u16, String, String)> {
        let exchange = self.exchange(method, path, headers, body);
        tokio::time::timeout(Duration::from_secs(60), exchange)
            .await
            .map_err(|_| anyhow!("{method} {path}: no answer in 60 s"))?
    }

    async fn exchange(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Result<(u16, String, String)> {
        let mut s = TcpStream::connect(self.addr).await?;
        let extra: String = headers
            .iter()
            .map(|(k, v)| format!("{k}: {v}\r\n"))
            .collect();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\nConnection: close\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\n\r\n",
            self.addr,
            self.token,
            body.len()
        );
        // One write, and no Nagle delay: a head and a body in two segments would wait for the
        // server's delayed acknowledgement before the body leaves.
        s.set_nodelay(true)?;
        s.write_all(format!("{head}{body}").as_bytes()).await?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).await?;
        parse(&String::from_utf8_lossy(&raw))
    }
}

fn parse(raw: &str) -> Result<(u16, String, String)> {
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
    Ok((status, head.to_string(), body))
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
        let (status, _, body) = parse(plain).unwrap();
        assert_eq!((status, body.as_str()), (200, "{}"));
        let chunked = "HTTP/1.1 409 Conflict\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        let (status, head, body) = parse(chunked).unwrap();
        assert_eq!((status, body.as_str()), (409, "abcde"));
        assert!(head.starts_with("HTTP/1.1 409"));
        let c = Client::from_url("http://127.0.0.1:7878/?token=abc\n").unwrap();
        assert_eq!((c.addr.port(), c.token.as_str()), (7878, "abc"));
    }
}
