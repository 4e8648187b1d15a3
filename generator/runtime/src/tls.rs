//! The TLS backend of the HTTP clients the runtime builds, picked by the
//! crate's features: `rustls` (the default, the platform's roots through
//! reqwest's platform verifier), `rustls-webpki-roots` (rustls with the
//! Mozilla roots of the `webpki-roots` crate) or `native-tls`. With none of
//! them the client speaks plain HTTP only and an `https://` URL fails to
//! connect. A `reqwest::Client` given to `http_client` keeps its own TLS.

/// A `reqwest::ClientBuilder` with the TLS backend of the enabled features.
pub(crate) fn builder() -> reqwest::ClientBuilder {
    let builder = reqwest::Client::builder();
    #[cfg(feature = "rustls-webpki-roots")]
    let builder = builder.tls_backend_preconfigured(webpki_roots_config());
    builder
}

/// rustls with the Mozilla roots and the ring provider, so that it needs no
/// process-wide default provider.
#[cfg(feature = "rustls-webpki-roots")]
fn webpki_roots_config() -> rustls::ClientConfig {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth()
}

#[cfg(test)]
mod tests {
    /// reqwest panics or fails at build time when a backend lacks what it
    /// needs (a crypto provider, its roots); `.ci/run` runs this with each.
    #[test]
    fn the_enabled_backend_builds_a_client() {
        let client = super::builder().build();
        assert!(client.is_ok(), "{:?}", client.err());
    }
}
