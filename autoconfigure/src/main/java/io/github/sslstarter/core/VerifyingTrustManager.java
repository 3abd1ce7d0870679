package io.github.sslstarter.core;

import java.net.Socket;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

import io.github.sslstarter.verify.ChainCallback;
import io.github.sslstarter.verify.HostnameMatch;
import io.github.sslstarter.verify.HostnameMismatchException;
import io.github.sslstarter.verify.HostnameScheme;
import io.github.sslstarter.verify.HostnameVerification;
import io.github.sslstarter.verify.PinMismatchException;
import io.github.sslstarter.verify.Pins;
import io.github.sslstarter.verify.SecurityLevel;
import io.github.sslstarter.verify.VerifiedPath;
import io.github.sslstarter.verify.VerifyName;
import io.github.sslstarter.verify.WeakCertificateException;

/**
 * The one trust manager of a context. Inside the handshake, so that a wrong certificate fails
 * the handshake itself, it checks a peer's certificates in this order:
 * <ol>
 * <li><b>chain</b>: PKIX against the context's trust anchors (and CRLs), unless verification is
 * off ({@code verify.mode=none}); an endpoint identification algorithm that a client set on the
 * connection is not applied ({@code SchemeOnlyViews}): the scheme is the only host-name rule;</li>
 * <li><b>security level</b>: along the path from the leaf to the anchor, every key (the
 * anchor's too) and every signature but the anchor's own must offer the bits of the context's
 * {@code security-level} ({@link SecurityLevel}, OpenSSL's rule), or the chain is refused as a
 * {@link WeakCertificateException}; a chain the JDK refuses for a weak algorithm (MD5) is named
 * by the level too. Like the chain, skipped when verification is off;</li>
 * <li><b>callback</b>: the {@link ChainCallback}, if any, decides on each element given the
 * verdict of the two steps before (IO::Socket::SSL's {@code SSL_verify_callback});</li>
 * <li><b>name</b>: for a server's certificate, the name chosen by {@link VerifyName} (a name
 * given for the connection in the {@link ConnectionLedger}, the context's {@code verify.name},
 * then the peer host of the handshake) is matched by the context's hostname scheme;</li>
 * <li><b>pins</b>: when {@code trust.pins} is set, a pin ({@link Pins}) must match a certificate
 * of the verified path: the leaf, an intermediate or the anchor it chains to (as OkHttp's
 * certificate pinner; certificates the peer sent off the path do not count), or the failure is
 * a {@link PinMismatchException} naming the pins the peer presented. With
 * {@code trust.pins-replace-chain} a pin must match the leaf itself and, when it does, replaces
 * the chain and security level steps (IO::Socket::SSL's {@code SSL_fingerprint}, for a
 * self-signed peer); a leaf no pin matches fails before any other step;</li>
 * <li><b>revocation</b>: OCSP ({@code trust.ocsp.mode}, {@link OcspChecking}): the server's
 * stapled response, or every certificate's responder; last, as the one step that may use the
 * network, and skipped for a leaf a pin accepted in place of its chain;</li>
 * <li><b>record</b>: the connection's ledger entry notes that the peer was verified, and against
 * which name.</li>
 * </ol>
 * A rejected chain travels as a {@code PeerChainException} carrying the chain the peer sent, so
 * the failure can name its issuer and dates; a name mismatch as a {@link HostnameMismatchException}.
 * Nothing is kept per instance about "the current connection": one instance serves many
 * concurrent connections to different names. The two-argument methods know no connection and
 * check the chain only.
 */
public final class VerifyingTrustManager extends X509ExtendedTrustManager {

	private static final X509Certificate[] NO_ISSUERS = {};

	/**
	 * The trust material in use: read once per check, replaced as a whole when the context's
	 * material is reloaded ({@link #replacePkix}), so that a check never mixes old and new.
	 */
	private volatile Anchored trust;

	private final ChainCallback callback;

	private final HostnameScheme scheme;

	private final String verifyName;

	private final ConnectionLedger ledger;

	private final SecurityLevel securityLevel;

	private final Pins pins;

	private final boolean pinsReplaceChain;

	private final OcspChecking ocsp;

	/**
	 * A trust manager with a ledger of its own, for use outside a context, at the default
	 * security level ({@value SecurityLevel#DEFAULT}).
	 * @param pkix verifies the chain; {@code null} accepts any chain (verify mode none)
	 * @param scheme the hostname scheme for server certificates
	 * @param verifyName the name to check instead of the connection's host, or {@code null}
	 */
	public VerifyingTrustManager(X509ExtendedTrustManager pkix, HostnameScheme scheme, String verifyName) {
		this(pkix, null, scheme, verifyName, new ConnectionLedger("standalone"));
	}

	VerifyingTrustManager(X509ExtendedTrustManager pkix, ChainCallback callback, HostnameScheme scheme,
			String verifyName, ConnectionLedger ledger) {
		this(pkix, callback, scheme, verifyName, ledger, SecurityLevel.DEFAULT);
	}

	VerifyingTrustManager(X509ExtendedTrustManager pkix, ChainCallback callback, HostnameScheme scheme,
			String verifyName, ConnectionLedger ledger, int securityLevel) {
		this(pkix, callback, scheme, verifyName, ledger, securityLevel, Pins.NONE, false, null);
	}

	VerifyingTrustManager(X509ExtendedTrustManager pkix, ChainCallback callback, HostnameScheme scheme,
			String verifyName, ConnectionLedger ledger, int securityLevel, Pins pins, boolean pinsReplaceChain,
			OcspChecking ocsp) {
		this.pins = (pins != null) ? pins : Pins.NONE;
		this.pinsReplaceChain = pinsReplaceChain && !this.pins.isEmpty();
		this.ocsp = ocsp;
		this.trust = Anchored.of(pkix);
		this.securityLevel = SecurityLevel.of(securityLevel);
		this.callback = callback;
		this.scheme = (scheme != null) ? scheme : HostnameScheme.STRICT;
		this.verifyName = verifyName;
		this.ledger = ledger;
	}

	/** The scheme applied to server certificates. */
	public HostnameScheme scheme() {
		return this.scheme;
	}

	/** The context's {@code verify.name}, checked instead of the connection's host, or {@code null}. */
	public String verifyName() {
		return this.verifyName;
	}

	/** The security level the keys and signatures of peer chains are judged by. */
	public SecurityLevel securityLevel() {
		return this.securityLevel;
	}

	/** The pins a peer's chain must match ({@code trust.pins}); empty when none are set. */
	public Pins pins() {
		return this.pins;
	}

	/** Whether a pin matching the leaf replaces chain verification ({@code trust.pins-replace-chain}). */
	public boolean pinsReplaceChain() {
		return this.pinsReplaceChain;
	}

	/** The OCSP mode of this trust manager ({@code trust.ocsp.mode}). */
	public OcspMode ocspMode() {
		return (this.ocsp != null) ? this.ocsp.mode() : OcspMode.OFF;
	}

	/**
	 * How many certificates of unknown OCSP status were accepted so far
	 * ({@code trust.revocation-unknown=accept}).
	 */
	public long ocspUnknownAccepted() {
		return (this.ocsp != null) ? this.ocsp.unknownAccepted() : 0;
	}

	/** The ledger this trust manager records its verdicts in. */
	public ConnectionLedger ledger() {
		return this.ledger;
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
		check(chain, socket, true, true, (pkix) -> pkix.checkServerTrusted(chain, authType(authType), SchemeOnlyViews.of(socket)));
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		check(chain, engine, true, true, (pkix) -> pkix.checkServerTrusted(chain, authType(authType), SchemeOnlyViews.of(engine)));
	}

	/** Checks the chain only: without a connection there is no host name to check. */
	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		check(chain, null, true, false, (pkix) -> pkix.checkServerTrusted(chain, authType(authType)));
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
		check(chain, socket, false, false, (pkix) -> pkix.checkClientTrusted(chain, authType(authType), SchemeOnlyViews.of(socket)));
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		check(chain, engine, false, false, (pkix) -> pkix.checkClientTrusted(chain, authType(authType), SchemeOnlyViews.of(engine)));
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		check(chain, null, false, false, (pkix) -> pkix.checkClientTrusted(chain, authType(authType)));
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		X509ExtendedTrustManager pkix = this.trust.pkix();
		return (pkix != null) ? pkix.getAcceptedIssuers() : NO_ISSUERS;
	}

	/**
	 * Replaces the PKIX trust manager (anchors and CRLs) that chains are checked by; checks
	 * already running finish with the one they started with. Only a context that verifies has
	 * one to replace.
	 * @param pkix the trust manager built from the reloaded material
	 */
	void replacePkix(X509ExtendedTrustManager pkix) {
		if (this.trust.pkix() == null || pkix == null) {
			throw new IllegalStateException("Only a verifying trust manager's chain check can be replaced");
		}
		this.trust = Anchored.of(pkix);
	}

	@FunctionalInterface
	private interface Pkix {

		void check(X509ExtendedTrustManager pkix) throws CertificateException;

	}

	/** A PKIX trust manager and its anchors by subject, replaced together. */
	private record Anchored(X509ExtendedTrustManager pkix, Map<X500Principal, List<X509Certificate>> anchors) {

		static Anchored of(X509ExtendedTrustManager pkix) {
			return new Anchored(pkix,
					(pkix != null) ? SecurityLevel.bySubject(List.of(pkix.getAcceptedIssuers())) : Map.of());
		}

	}

	private void check(X509Certificate[] chain, Object connection, boolean server, boolean checkName, Pkix pkix)
			throws CertificateException {
		Anchored trust = this.trust;
		try {
			boolean pinnedLeaf = this.pinsReplaceChain && trust.pkix() != null && pinnedLeaf(chain);
			checkChain(chain, trust, pinnedLeaf ? null : pkix);
			String name = checkName ? checkName(chain, connection) : null;
			if (trust.pkix() != null && !this.pins.isEmpty() && !pinnedLeaf) {
				this.pins.check(VerifiedPath.of(chain, trust.anchors()), "the verified chain");
			}
			if (trust.pkix() != null && this.ocsp != null && !pinnedLeaf) {
				this.ocsp.check(chain, connection, server, trust.anchors());
			}
			this.ledger.peerVerified(connection, name);
		}
		catch (HostnameMismatchException | PinMismatchException ex) {
			throw ex;
		}
		catch (CertificateException ex) {
			throw new PeerChainException(chain, ex);
		}
	}

	/**
	 * Whether a pin matches the leaf, which then stands in for its chain; a leaf no pin matches
	 * fails here, before the chain is looked at, so that the failure names the pin to set.
	 */
	private boolean pinnedLeaf(X509Certificate[] chain) throws PinMismatchException {
		if (chain == null || chain.length == 0) {
			return false;
		}
		this.pins.check(List.of(chain[0]), "the leaf certificate (trust.pins-replace-chain)");
		return true;
	}

	/** The chain and security level steps, then the callback; a {@code null} pkix: accepted by a pin. */
	private void checkChain(X509Certificate[] chain, Anchored trust, Pkix pkix) throws CertificateException {
		if (trust.pkix() == null) {
			return;
		}
		CertificateException failure = null;
		if (pkix == null) {
			if (this.callback != null) {
				ChainCallback.decide(this.callback, chain, null);
			}
			return;
		}
		try {
			pkix.check(trust.pkix());
			this.securityLevel.checkPeerChain(chain, trust.anchors());
		}
		catch (CertificateException ex) {
			failure = algorithmConstrained(ex) ? weakOr(ex, chain, trust) : ex;
			if (this.callback == null) {
				throw failure;
			}
		}
		if (this.callback != null) {
			ChainCallback.decide(this.callback, chain, failure);
		}
	}

	/**
	 * The JDK refused a weak algorithm (MD5, RSA under 1024 bits, ...) before the level could see
	 * it: the level names the certificate when it refuses it too, the JDK's reason stays attached.
	 */
	private CertificateException weakOr(CertificateException jdk, X509Certificate[] chain, Anchored trust) {
		try {
			this.securityLevel.checkPeerChain(chain, trust.anchors());
			return jdk;
		}
		catch (WeakCertificateException weak) {
			return weak.refusedByTheJdkToo(jdk);
		}
	}

	private static boolean algorithmConstrained(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof CertPathValidatorException validator
					&& validator.getReason() == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED) {
				return true;
			}
		}
		return false;
	}

	/** Matches the server's certificate by scheme; the name checked, or null when none is. */
	private String checkName(X509Certificate[] chain, Object connection) throws CertificateException {
		if (this.scheme.checksNothing()) {
			return null;
		}
		if (chain == null || chain.length == 0) {
			throw new CertificateException("The server sent no certificate to check host names against");
		}
		String name = VerifyName.choose(this.ledger.verifyName(connection), this.verifyName, peerHost(connection));
		if (name == null || name.isEmpty()) {
			throw new CertificateException("No host name to verify the server certificate against (scheme "
					+ this.scheme.name() + "): connect by host name, or set verify.name");
		}
		HostnameMatch match;
		try {
			match = HostnameVerification.verify(name, chain[0], this.scheme);
		}
		catch (RuntimeException ex) {
			throw new CertificateException("Hostname scheme " + this.scheme.name() + " failed for '" + name + "'", ex);
		}
		if (!match.matched()) {
			if (sentAnotherServerName(connection)) {
				this.ledger.anotherSessionOffered(connection);
			}
			throw new HostnameMismatchException(match);
		}
		return name;
	}

	/**
	 * Whether JSSE sent another SNI name than the one set on the connection: a JVM that offers a
	 * cached session sends that session's name (Java 25 does), and the server answers for it.
	 */
	private static boolean sentAnotherServerName(Object connection) {
		if (connection instanceof SSLSocket socket && socket.getHandshakeSession() instanceof ExtendedSSLSession session) {
			return !session.getRequestedServerNames().equals(socket.getSSLParameters().getServerNames());
		}
		if (connection instanceof SSLEngine engine && engine.getHandshakeSession() instanceof ExtendedSSLSession session) {
			return !session.getRequestedServerNames().equals(engine.getSSLParameters().getServerNames());
		}
		return false;
	}

	private static String peerHost(Object connection) {
		if (connection instanceof SSLSocket socket) {
			return peerHost(socket.getHandshakeSession());
		}
		if (connection instanceof SSLEngine engine) {
			return (engine.getPeerHost() != null) ? engine.getPeerHost() : peerHost(engine.getHandshakeSession());
		}
		return null;
	}

	private static String peerHost(SSLSession session) {
		return (session != null) ? session.getPeerHost() : null;
	}

	// Conscrypt (BoringSSL) reports TLS 1.3 as "GENERIC"; the JDK's key-usage check knows it as "UNKNOWN"
	private static String authType(String authType) {
		return "GENERIC".equals(authType) ? "UNKNOWN" : authType;
	}

}
