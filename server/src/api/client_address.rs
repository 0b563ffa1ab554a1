//! Who is calling, by network address: the key of per-address login throttling.
//!
//! Without trusted proxies the address is the TCP peer's, and `X-Forwarded-For` is ignored: anyone
//! can write that header. Behind a reverse proxy (which real deployments need, for TLS) every
//! request's peer is the proxy, so every user would share one address and anyone's 20 bad logins
//! would lock everyone out. `serve --trusted-proxy CIDR` names the proxies: when the peer is one of
//! them, `X-Forwarded-For` is read from the right, past every address that is itself a trusted
//! proxy, and the first one that is not is the client. Entries further left were written by the
//! client (or by proxies we do not know) and are never believed; a peer that is not a trusted
//! proxy cannot choose its address by header at all.
//!
//! IPv6 clients are keyed by their /64 network: one home or phone subscription usually holds a
//! whole /64, so keying by single addresses would give one attacker 2^64 fresh budgets.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{request::Parts, HeaderMap},
};
use ipnet::IpNet;

use crate::{api::error::ApiError, app::AppState};

/// The reverse proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Trusts the proxies in these networks.
    pub fn new(networks: impl IntoIterator<Item = IpNet>) -> Self {
        Self(networks.into_iter().collect())
    }

    /// Reads a network as `--trusted-proxy` takes it: `10.0.0.0/8`, `::1/128`, or a single
    /// address (`127.0.0.1`).
    pub fn parse_network(text: &str) -> Result<IpNet, String> {
        let text = text.trim();
        text.parse::<IpNet>()
            .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
            .map_err(|_| format!("{text:?} is not an IP address or a CIDR network like 10.0.0.0/8"))
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(&address))
    }

    /// The client's IP address, from the TCP `peer` and the request's headers.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.trusts(client) {
            return client;
        }
        // Every X-Forwarded-For line, in order, as one list; read from its end.
        let mut entries = Vec::new();
        for value in headers.get_all("x-forwarded-for") {
            let Ok(text) = value.to_str() else {
                // Unreadable: believe nothing left of what follows it.
                entries.clear();
                continue;
            };
            entries.extend(text.split(',').map(str::trim));
        }
        for entry in entries.iter().rev() {
            let Some(address) = parse_forwarded(entry) else {
                break;
            };
            client = address.to_canonical();
            if !self.trusts(client) {
                break;
            }
        }
        client
    }
}

/// One entry of `X-Forwarded-For`: an address, possibly with a port (`192.0.2.1:4711`,
/// `[2001:db8::1]:4711`).
fn parse_forwarded(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|socket| socket.ip()))
}

/// The client's address as a throttling key: an IPv4 address as written, an IPv6 address as its
/// /64 network (`2001:db8:1:2::/64`), or `unknown` for a request that came with no peer address
/// (in-process tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddress(String);

impl ClientAddress {
    /// The key of `address`.
    pub fn of(address: IpAddr) -> Self {
        match address.to_canonical() {
            IpAddr::V4(v4) => Self(v4.to_string()),
            IpAddr::V6(v6) => {
                let segments = v6.segments();
                let network = Ipv6Addr::new(
                    segments[0],
                    segments[1],
                    segments[2],
                    segments[3],
                    0,
                    0,
                    0,
                    0,
                );
                Self(format!("{network}/64"))
            }
        }
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(match parts.extensions.get::<ConnectInfo<SocketAddr>>() {
            Some(ConnectInfo(peer)) => {
                Self::of(state.trusted_proxies.client_ip(peer.ip(), &parts.headers))
            }
            None => Self("unknown".to_owned()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(networks: &[&str]) -> TrustedProxies {
        TrustedProxies::new(
            networks
                .iter()
                .map(|text| TrustedProxies::parse_network(text).unwrap()),
        )
    }

    fn headers(lines: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for line in lines {
            map.append("x-forwarded-for", line.parse().unwrap());
        }
        map
    }

    /// (trusted networks, peer, X-Forwarded-For lines, the client's key)
    #[test]
    fn the_client_is_the_first_untrusted_address_from_the_right() {
        let cases: [(&[&str], &str, &[&str], &str); 14] = [
            (&[], "203.0.113.7", &["198.51.100.1"], "203.0.113.7"),
            (
                &["10.0.0.0/8"],
                "203.0.113.7",
                &["198.51.100.1"],
                "203.0.113.7",
            ),
            (
                &["10.0.0.0/8"],
                "10.0.0.2",
                &["198.51.100.1"],
                "198.51.100.1",
            ),
            (&["10.0.0.0/8"], "10.0.0.2", &[], "10.0.0.2"),
            (
                &["10.0.0.0/8"],
                "10.0.0.2",
                &["6.6.6.6, 198.51.100.1"],
                "198.51.100.1",
            ),
            (
                &["10.0.0.0/8"],
                "10.0.0.2",
                &["6.6.6.6", "198.51.100.1"],
                "198.51.100.1",
            ),
            (
                &["10.0.0.0/8"],
                "10.0.0.2",
                &["198.51.100.1, 10.0.0.9"],
                "198.51.100.1",
            ),
            (
                &["10.0.0.0/8"],
                "10.0.0.2",
                &["6.6.6.6, garbage, 10.0.0.9"],
                "10.0.0.9",
            ),
            (
                &["10.0.0.0/8"],
                "10.0.0.2",
                &["198.51.100.1:4711"],
                "198.51.100.1",
            ),
            (
                &["127.0.0.1"],
                "127.0.0.1",
                &["198.51.100.1"],
                "198.51.100.1",
            ),
            (&["127.0.0.1"], "127.0.0.2", &["198.51.100.1"], "127.0.0.2"),
            (
                &["::1/128"],
                "::1",
                &["2001:db8:1:2:3:4:5:6"],
                "2001:db8:1:2::/64",
            ),
            (
                &["::1/128"],
                "::1",
                &["[2001:db8::1]:4711"],
                "2001:db8::/64",
            ),
            (&[], "::ffff:203.0.113.7", &[], "203.0.113.7"),
        ];
        for (networks, peer, lines, expected) in cases {
            let trusted = proxies(networks);
            let ip = trusted.client_ip(peer.parse().unwrap(), &headers(lines));
            assert_eq!(
                ClientAddress::of(ip).as_str(),
                expected,
                "{networks:?} {peer} {lines:?}"
            );
        }
    }

    #[test]
    fn networks_parse_as_the_flag_takes_them() {
        for (text, parsed) in [
            ("10.0.0.0/8", Some("10.0.0.0/8")),
            ("127.0.0.1", Some("127.0.0.1/32")),
            ("::1", Some("::1/128")),
            (" 192.168.0.0/16 ", Some("192.168.0.0/16")),
            ("10.0.0.0/33", None),
            ("proxy.example", None),
        ] {
            let got = TrustedProxies::parse_network(text).ok();
            assert_eq!(
                got.map(|network| network.to_string()),
                parsed.map(str::to_owned),
                "{text}"
            );
        }
    }
}
