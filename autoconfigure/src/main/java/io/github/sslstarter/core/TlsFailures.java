package io.github.sslstarter.core;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateRevokedException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.github.sslstarter.verify.ChainRejectedException;
import io.github.sslstarter.verify.HostnameMismatchException;
import io.github.sslstarter.verify.PinMismatchException;
import io.github.sslstarter.verify.WeakCertificateException;

/**
 * Classifies what went wrong in a TLS connection. Works on any {@link IOException} from a
 * handshake, a read or a write (a TLS 1.3 server that wants a client certificate says so only
 * after the client's handshake has finished, on the first read).
 */
public final class TlsFailures {

	private TlsFailures() {
	}

	/**
	 * Classifies {@code failure} on a connection to {@code peer} ({@code host:port}); an
	 * {@link SslConnectionException} is returned as it is.
	 */
	public static SslConnectionException classify(Throwable failure, String peer) {
		return classify(failure, peer, false);
	}

	static SslConnectionException classify(Throwable failure, String peer, boolean timedOut) {
		if (failure instanceof SslConnectionException classified) {
			return classified;
		}
		if (timedOut || find(failure, SocketTimeoutException.class) != null) {
			return new SslConnectionException(TlsFailure.TIMEOUT, peer, failure.getMessage(), failure);
		}
		HostnameMismatchException mismatch = find(failure, HostnameMismatchException.class);
		if (mismatch != null) {
			return new SslConnectionException(TlsFailure.HOSTNAME_MISMATCH, peer, mismatch.match().describe(), failure);
		}
		PinMismatchException pin = find(failure, PinMismatchException.class);
		if (pin != null) {
			return new SslConnectionException(TlsFailure.PIN_MISMATCH, peer, pin.getMessage(),
					"if the peer's key was legitimately replaced, add one of the presented pins to trust.pins; "
							+ "otherwise the connection may be intercepted",
					failure);
		}
		PeerChainException rejected = find(failure, PeerChainException.class);
		if (rejected != null) {
			return classifyChain(rejected, peer, failure);
		}
		if (find(failure, UnknownHostException.class) != null || find(failure, ConnectException.class) != null
				|| find(failure, NoRouteToHostException.class) != null) {
			return new SslConnectionException(TlsFailure.CONNECT_FAILED, peer, failure.getMessage(), failure);
		}
		String messages = messages(failure);
		TlsFailure kind = classifyMessage(messages);
		if (kind == TlsFailure.OTHER && (find(failure, EOFException.class) != null
				|| failure instanceof SocketException)) {
			kind = TlsFailure.PEER_CLOSED;
		}
		return new SslConnectionException(kind, peer, firstMessage(failure), failure);
	}

	private static TlsFailure classifyMessage(String messages) {
		String m = messages.toLowerCase(Locale.ROOT);
		if (m.contains("unsupported or unrecognized ssl message") || m.contains("plaintext connection")) {
			return TlsFailure.PLAINTEXT_PEER;
		}
		if (m.contains("certificate_required") || m.contains("empty client certificate chain")
				|| m.contains("empty certificate chain") || m.contains("peer_did_not_return_a_certificate")) {
			return TlsFailure.CLIENT_CERTIFICATE_REQUIRED;
		}
		if (m.contains("protocol_version") || m.contains("no appropriate protocol")
				|| m.contains("unsupported protocol version")
				|| m.contains("is not accepted by client preferences") || m.contains("client requested protocol")
				|| m.contains("protocol is disabled")) {
			return TlsFailure.PROTOCOL_VERSION;
		}
		if (m.contains("unrecognized_name") || m.contains("unrecognized server name")
				// Conscrypt's server refusing a name no SNI matcher accepts
				|| m.contains("sni match failed")) {
			return TlsFailure.UNRECOGNIZED_NAME;
		}
		if (m.contains("no cipher suites in common") || m.contains("insufficient_security")
				|| m.contains("no negotiable cipher suite") || m.contains("no common named group")
				// BoringSSL's (a Conscrypt server's) names for it
				|| m.contains("no_shared_cipher") || m.contains("no_common_signature_algorithms")) {
			return TlsFailure.NO_SHARED_CIPHER;
		}
		if (m.contains("unknown_ca") || m.contains("bad_certificate") || m.contains("certificate_unknown")
				|| m.contains("certificate_expired") || m.contains("unsupported_certificate")
				|| m.contains("access_denied")) {
			return TlsFailure.CERTIFICATE_REJECTED_BY_PEER;
		}
		if (m.contains("handshake_failure")) {
			// what OpenSSL and JSSE peers send when nothing is shared
			return TlsFailure.NO_SHARED_CIPHER;
		}
		if (m.contains("remote host terminated") || m.contains("connection reset") || m.contains("broken pipe")
				|| m.contains("socket closed") || m.contains("connection closed")) {
			return TlsFailure.PEER_CLOSED;
		}
		return TlsFailure.OTHER;
	}

	private static SslConnectionException classifyChain(PeerChainException rejected, String peer, Throwable failure) {
		List<X509Certificate> chain = rejected.chain();
		X509Certificate leaf = chain.isEmpty() ? null : chain.get(0);
		CertPathValidatorException validator = find(rejected, CertPathValidatorException.class);
		BasicReason reason = (validator != null && validator.getReason() instanceof BasicReason basic) ? basic : null;
		OcspFailure ocsp = find(rejected, OcspFailure.class);
		if (ocsp != null) {
			return new SslConnectionException(ocsp.failure(), peer, ocsp.getMessage(), ocsp.action(), failure);
		}
		ChainRejectedException callback = find(rejected, ChainRejectedException.class);
		if (callback != null) {
			return new SslConnectionException(TlsFailure.REJECTED_BY_CALLBACK, peer, callback.getMessage(), failure);
		}
		WeakCertificateException weak = find(rejected, WeakCertificateException.class);
		if (weak != null) {
			return new SslConnectionException(TlsFailure.WEAK_CERTIFICATE, peer, weak.getMessage(), failure);
		}
		if (reason == BasicReason.ALGORITHM_CONSTRAINED) {
			X509Certificate subject = (validator.getIndex() >= 0 && validator.getIndex() < chain.size())
					? chain.get(validator.getIndex()) : leaf;
			String detail = ((subject != null) ? "'" + subject(subject) + "': " : "") + validator.getMessage()
					+ "; the JDK refuses it at every security level (jdk.certpath.disabledAlgorithms)";
			return new SslConnectionException(TlsFailure.WEAK_CERTIFICATE, peer, detail, failure);
		}
		if (find(rejected, CertificateRevokedException.class) != null || reason == BasicReason.REVOKED) {
			X509Certificate subject = (validator != null && validator.getIndex() >= 0
					&& validator.getIndex() < chain.size()) ? chain.get(validator.getIndex()) : leaf;
			CertificateRevokedException revoked = find(rejected, CertificateRevokedException.class);
			String detail = ((subject != null) ? "'" + subject(subject) + "'" : subjects(chain))
					+ ((revoked != null) ? " is revoked since " + revoked.getRevocationDate().toInstant() + " (reason "
							+ revoked.getRevocationReason() + ", by '" + revoked.getAuthorityName().getName() + "')"
							: "");
			return new SslConnectionException(TlsFailure.REVOKED, peer, detail, failure);
		}
		if (reason == BasicReason.UNDETERMINED_REVOCATION_STATUS) {
			X509Certificate subject = (validator.getIndex() >= 0 && validator.getIndex() < chain.size())
					? chain.get(validator.getIndex()) : leaf;
			String detail = (subject != null) ? "no CRL of '" + subject.getIssuerX500Principal().getName()
					+ "' covers '" + subject(subject) + "'" : rejected.getMessage();
			return new SslConnectionException(TlsFailure.REVOCATION_UNKNOWN, peer, detail, failure);
		}
		if (find(rejected, CertificateExpiredException.class) != null || reason == BasicReason.EXPIRED) {
			X509Certificate expired = outOfDate(chain, true);
			String detail = (expired != null) ? "'" + subject(expired) + "' expired on "
					+ expired.getNotAfter().toInstant() + " (now " + Instant.now() + ")" : rejected.getMessage();
			return new SslConnectionException(TlsFailure.EXPIRED, peer, detail, failure);
		}
		if (find(rejected, CertificateNotYetValidException.class) != null || reason == BasicReason.NOT_YET_VALID) {
			X509Certificate early = outOfDate(chain, false);
			String detail = (early != null) ? "'" + subject(early) + "' is valid only from "
					+ early.getNotBefore().toInstant() + " (now " + Instant.now() + ")" : rejected.getMessage();
			return new SslConnectionException(TlsFailure.NOT_YET_VALID, peer, detail, failure);
		}
		String detail = (leaf != null) ? "the peer presented '" + subject(leaf) + "' issued by '"
				+ chain.get(chain.size() - 1).getIssuerX500Principal().getName()
				+ "', which is not a trusted CA" + ((chain.size() > 1) ? " (chain of " + chain.size() + ")" : "")
				+ "; " + rejected.getMessage() : rejected.getMessage();
		return new SslConnectionException(TlsFailure.UNTRUSTED_ISSUER, peer, detail, failure);
	}

	private static X509Certificate outOfDate(List<X509Certificate> chain, boolean expired) {
		long now = System.currentTimeMillis();
		for (X509Certificate certificate : chain) {
			if (expired ? certificate.getNotAfter().getTime() < now : certificate.getNotBefore().getTime() > now) {
				return certificate;
			}
		}
		return null;
	}

	private static String subjects(List<X509Certificate> chain) {
		return chain.isEmpty() ? "" : "'" + subject(chain.get(0)) + "'";
	}

	private static String subject(X509Certificate certificate) {
		return certificate.getSubjectX500Principal().getName();
	}

	private static String firstMessage(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t.getMessage() != null) {
				return t.getMessage();
			}
		}
		return failure.getClass().getSimpleName();
	}

	private static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable t = failure; t != null && all.length() < 4096; t = t.getCause()) {
			all.append(t.getMessage()).append('\n');
			for (Throwable suppressed : t.getSuppressed()) {
				all.append(suppressed.getMessage()).append('\n');
			}
		}
		return all.toString();
	}

	private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
			for (Throwable suppressed : t.getSuppressed()) {
				if (type.isInstance(suppressed)) {
					return type.cast(suppressed);
				}
			}
		}
		return null;
	}

}
