//! The loopback HTTP/1.1 server: the same answer to every request.

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Serves `body` to every request, on keep-alive connections.
pub async fn serve(listener: tokio::net::TcpListener, body: &'static [u8]) {
    loop {
        let Ok((socket, _)) = listener.accept().await else {
            return;
        };
        tokio::spawn(connection(socket, body));
    }
}

async fn connection(mut socket: tokio::net::TcpStream, body: &'static [u8]) {
    let mut buf = vec![0u8; 16 * 1024];
    let mut filled = 0;
    // One write per response, no Nagle: otherwise delayed ACKs (40 ms) would
    // be all that is measured.
    let _ = socket.set_nodelay(true);
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(body);
    loop {
        let Ok(n) = socket.read(&mut buf[filled..]).await else {
            return;
        };
        if n == 0 {
            return;
        }
        filled += n;
        // GET requests without a body: one request per blank line.
        while let Some(end) = buf[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
            buf.copy_within(end + 4..filled, 0);
            filled -= end + 4;
            if socket.write_all(&response).await.is_err() {
                return;
            }
        }
    }
}
