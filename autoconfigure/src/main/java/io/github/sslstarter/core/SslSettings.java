package io.github.sslstarter.core;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.github.sslstarter.material.Identity;
import io.github.sslstarter.verify.ChainCallback;
import io.github.sslstarter.verify.HostnameScheme;

/**
 * Everything one TLS context is made of: immutable, built once, shared by every socket of
 * that context. Material is already loaded; protocol and cipher specifications are still in
 * their written form and are resolved by {@link SslContextFactory} against the running JVM.
 * Its {@code toString} shows no secret.
 *
 * @param name the context's name ({@code primary} for the top level)
 * @param identity our key and certificate chain, or {@code null}
 * @param trustedCertificates extra trust anchors (CA file, CA directory, bundle)
 * @param systemTrust whether the JDK's default trust anchors are trusted too
 * @param crls certificate revocation lists to check chains against (empty: no CRL checking)
 * @param protocols the protocol specification (JSSE names or IO::Socket::SSL syntax); null: TLS 1.2 and 1.3
 * @param ciphers the TLS 1.2-and-earlier cipher specification (OpenSSL string or IANA names); null: secure default
 * @param tls13Ciphers the TLS 1.3 suites (IANA names); null: all the JVM has
 * @param namedGroups key-exchange groups in order of preference; empty: the JVM's
 * @param honorCipherOrder whether a server prefers its own cipher order
 * @param verifyMode how the peer is verified
 * @param hostnameScheme the hostname scheme applied to server certificates
 * @param verifyName the name to verify instead of the connection's host, or {@code null}
 * @param sni the SNI name to send instead of the host ({@code ""} sends none), or {@code null}
 * @param alpn the ALPN protocols to offer, in order; empty: no ALPN
 * @param connectTimeout the time to establish TCP, across all resolved addresses
 * @param handshakeTimeout the time the whole handshake may take
 * @param readTimeout the socket read timeout after the handshake (zero: none)
 * @param tcpNoDelay whether TCP_NODELAY is set
 * @param provider the JSSE provider name ({@code null}: the JDK's)
 * @param sessionCacheSize how many sessions the context caches (0: the JDK's default)
 * @param sessionTimeout how long a cached session may be resumed (null: the JDK's default)
 * @param clientAuth whether a server asks clients for a certificate
 * @param chainCallback decides on each element of a peer's chain after PKIX, or {@code null}
 */
public record SslSettings(String name, Identity identity, List<X509Certificate> trustedCertificates,
		boolean systemTrust, List<X509CRL> crls, String protocols, String ciphers, String tls13Ciphers,
		List<String> namedGroups, boolean honorCipherOrder, VerifyMode verifyMode, HostnameScheme hostnameScheme,
		String verifyName, String sni, List<String> alpn, Duration connectTimeout, Duration handshakeTimeout,
		Duration readTimeout, boolean tcpNoDelay, String provider, int sessionCacheSize, Duration sessionTimeout,
		ClientAuth clientAuth, ChainCallback chainCallback) {

	/** The name of the top-level context. */
	public static final String PRIMARY = "primary";

	public SslSettings {
		Objects.requireNonNull(name, "name");
		trustedCertificates = List.copyOf(trustedCertificates);
		crls = List.copyOf(crls);
		namedGroups = List.copyOf(namedGroups);
		alpn = List.copyOf(alpn);
		Objects.requireNonNull(verifyMode, "verifyMode");
		Objects.requireNonNull(hostnameScheme, "hostnameScheme");
		Objects.requireNonNull(connectTimeout, "connectTimeout");
		Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
		Objects.requireNonNull(readTimeout, "readTimeout");
		Objects.requireNonNull(clientAuth, "clientAuth");
	}

	/** A builder with the secure defaults. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder starting from these settings. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	@Override
	public String toString() {
		return "SslSettings[name=" + this.name + ", identity=" + this.identity + ", trustedCertificates="
				+ this.trustedCertificates.size() + ", systemTrust=" + this.systemTrust + ", protocols="
				+ this.protocols + ", ciphers=" + this.ciphers + ", verifyMode=" + this.verifyMode + ", scheme="
				+ this.hostnameScheme.name() + ", verifyName=" + this.verifyName + ", sni=" + this.sni + ", alpn="
				+ this.alpn + ", provider=" + this.provider + "]";
	}

	/** Builds {@link SslSettings}; starts from the secure defaults. */
	public static final class Builder {

		private String name = PRIMARY;

		private Identity identity;

		private List<X509Certificate> trustedCertificates = List.of();

		private boolean systemTrust = true;

		private List<X509CRL> crls = List.of();

		private String protocols;

		private String ciphers;

		private String tls13Ciphers;

		private List<String> namedGroups = List.of();

		private boolean honorCipherOrder = true;

		private VerifyMode verifyMode = VerifyMode.PEER;

		private HostnameScheme hostnameScheme = HostnameScheme.DEFAULT;

		private String verifyName;

		private String sni;

		private List<String> alpn = List.of();

		private Duration connectTimeout = Duration.ofSeconds(10);

		private Duration handshakeTimeout = Duration.ofSeconds(10);

		private Duration readTimeout = Duration.ZERO;

		private boolean tcpNoDelay = true;

		private String provider;

		private int sessionCacheSize;

		private Duration sessionTimeout;

		private ClientAuth clientAuth = ClientAuth.NONE;

		private ChainCallback chainCallback;

		private Builder() {
		}

		private Builder(SslSettings s) {
			this.name = s.name;
			this.identity = s.identity;
			this.trustedCertificates = s.trustedCertificates;
			this.systemTrust = s.systemTrust;
			this.crls = s.crls;
			this.protocols = s.protocols;
			this.ciphers = s.ciphers;
			this.tls13Ciphers = s.tls13Ciphers;
			this.namedGroups = s.namedGroups;
			this.honorCipherOrder = s.honorCipherOrder;
			this.verifyMode = s.verifyMode;
			this.hostnameScheme = s.hostnameScheme;
			this.verifyName = s.verifyName;
			this.sni = s.sni;
			this.alpn = s.alpn;
			this.connectTimeout = s.connectTimeout;
			this.handshakeTimeout = s.handshakeTimeout;
			this.readTimeout = s.readTimeout;
			this.tcpNoDelay = s.tcpNoDelay;
			this.provider = s.provider;
			this.sessionCacheSize = s.sessionCacheSize;
			this.sessionTimeout = s.sessionTimeout;
			this.clientAuth = s.clientAuth;
			this.chainCallback = s.chainCallback;
		}

		public Builder name(String name) {
			this.name = name;
			return this;
		}

		public Builder identity(Identity identity) {
			this.identity = identity;
			return this;
		}

		public Builder trustedCertificates(List<X509Certificate> trustedCertificates) {
			this.trustedCertificates = trustedCertificates;
			return this;
		}

		public Builder systemTrust(boolean systemTrust) {
			this.systemTrust = systemTrust;
			return this;
		}

		public Builder crls(List<X509CRL> crls) {
			this.crls = crls;
			return this;
		}

		public Builder protocols(String protocols) {
			this.protocols = protocols;
			return this;
		}

		public Builder ciphers(String ciphers) {
			this.ciphers = ciphers;
			return this;
		}

		public Builder tls13Ciphers(String tls13Ciphers) {
			this.tls13Ciphers = tls13Ciphers;
			return this;
		}

		public Builder namedGroups(List<String> namedGroups) {
			this.namedGroups = namedGroups;
			return this;
		}

		public Builder honorCipherOrder(boolean honorCipherOrder) {
			this.honorCipherOrder = honorCipherOrder;
			return this;
		}

		public Builder verifyMode(VerifyMode verifyMode) {
			this.verifyMode = verifyMode;
			return this;
		}

		public Builder hostnameScheme(HostnameScheme hostnameScheme) {
			this.hostnameScheme = hostnameScheme;
			return this;
		}

		public Builder verifyName(String verifyName) {
			this.verifyName = verifyName;
			return this;
		}

		public Builder sni(String sni) {
			this.sni = sni;
			return this;
		}

		public Builder alpn(List<String> alpn) {
			this.alpn = alpn;
			return this;
		}

		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		public Builder handshakeTimeout(Duration handshakeTimeout) {
			this.handshakeTimeout = handshakeTimeout;
			return this;
		}

		public Builder readTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
			return this;
		}

		public Builder tcpNoDelay(boolean tcpNoDelay) {
			this.tcpNoDelay = tcpNoDelay;
			return this;
		}

		public Builder provider(String provider) {
			this.provider = provider;
			return this;
		}

		public Builder sessionCacheSize(int sessionCacheSize) {
			this.sessionCacheSize = sessionCacheSize;
			return this;
		}

		public Builder sessionTimeout(Duration sessionTimeout) {
			this.sessionTimeout = sessionTimeout;
			return this;
		}

		public Builder clientAuth(ClientAuth clientAuth) {
			this.clientAuth = clientAuth;
			return this;
		}

		public Builder chainCallback(ChainCallback chainCallback) {
			this.chainCallback = chainCallback;
			return this;
		}

		public SslSettings build() {
			return new SslSettings(this.name, this.identity, this.trustedCertificates, this.systemTrust, this.crls,
					this.protocols, this.ciphers, this.tls13Ciphers, this.namedGroups, this.honorCipherOrder,
					this.verifyMode, this.hostnameScheme, this.verifyName, this.sni, this.alpn, this.connectTimeout,
					this.handshakeTimeout, this.readTimeout, this.tcpNoDelay, this.provider, this.sessionCacheSize,
					this.sessionTimeout, this.clientAuth, this.chainCallback);
		}

	}

}
