package io.github.sslstarter.core;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateRevokedException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;

import io.github.sslstarter.verify.VerifiedPath;

/**
 * The OCSP step of a context's trust manager ({@code trust.ocsp.*}, see {@link OcspMode}): after
 * the chain and the name are accepted, the revocation status of the peer's certificates below the
 * anchor, from the response the server stapled to the handshake
 * ({@link ExtendedSSLSession#getStatusResponses()}) or, in {@link OcspMode#FULL_CHAIN}, from each
 * certificate's responder. Each response is judged by a {@link PKIXRevocationChecker} made for
 * that one certificate and handshake ({@code setOcspResponses} and {@code NO_FALLBACK}, over a
 * path of that certificate alone: the JDK never fetches anything itself; not
 * {@code ONLY_END_ENTITY}, which skips a CA's certificate), with the certificate's issuer as the
 * anchor: signature, responder authority, freshness and the status. Nothing here is a
 * JVM-wide setting.
 * <p>
 * A revoked certificate always fails. An undetermined status (no staple when one is required,
 * an unreachable responder, a response of status "unknown" or one that cannot be trusted) fails
 * under {@code trust.revocation-unknown=fail} and is otherwise accepted with one WARN per
 * handshake and a count ({@link #unknownAccepted()}); a required staple that is missing always
 * fails.
 */
final class OcspChecking {

	private static final System.Logger logger = System.getLogger(OcspChecking.class.getName());

	/** The TLS feature extension (RFC 7633) whose status_request (5) feature means "must staple". */
	private static final String TLS_FEATURE = "1.3.6.1.5.5.7.1.24";

	private final String context;

	private final OcspMode mode;

	private final RevocationUnknown unknown;

	private final OcspResponder responder;

	private final AtomicLong unknownAccepted = new AtomicLong();

	OcspChecking(String context, OcspMode mode, RevocationUnknown unknown, OcspResponder responder) {
		this.context = context;
		this.mode = mode;
		this.unknown = unknown;
		this.responder = responder;
	}

	/** The OCSP checking of {@code settings}. */
	static OcspChecking of(SslSettings settings) {
		return new OcspChecking(settings.name(), settings.trustOcspMode(), settings.trustRevocationUnknown(),
				new OcspResponder(settings.trustOcspTimeout(), settings.trustOcspCacheSize(), Clock.systemUTC()));
	}

	/** The mode. */
	OcspMode mode() {
		return this.mode;
	}

	/** How many certificates of unknown status were accepted ({@code trust.revocation-unknown=accept}). */
	long unknownAccepted() {
		return this.unknownAccepted.get();
	}

	/** How many responder answers are cached. */
	int cachedResponses() {
		return this.responder.cached();
	}

	/**
	 * Checks the verified path of {@code chain}.
	 * @param chain the chain the peer sent, leaf first
	 * @param connection the socket or engine of the handshake, or {@code null}
	 * @param server whether the chain is a server's (only servers staple)
	 * @param anchors the trust anchors by subject
	 * @throws OcspFailure when a certificate is revoked or its status is unknown and that fails
	 */
	void check(X509Certificate[] chain, Object connection, boolean server,
			Map<X500Principal, List<X509Certificate>> anchors) throws OcspFailure {
		if (!this.mode.checks() || chain == null || chain.length == 0) {
			return;
		}
		byte[] staple = server ? staple(connection) : null;
		if (this.mode != OcspMode.FULL_CHAIN && staple == null
				&& !(server && (this.mode == OcspMode.MUST_STAPLE || mustStaple(chain[0])))) {
			// the common case of the default mode: no staple, none required, nothing to check
			return;
		}
		List<X509Certificate> path = VerifiedPath.of(chain, anchors);
		X509Certificate last = path.get(path.size() - 1);
		boolean anchored = anchors.getOrDefault(last.getSubjectX500Principal(), List.of()).contains(last)
				|| last.getSubjectX500Principal().equals(last.getIssuerX500Principal());
		int below = anchored ? path.size() - 1 : path.size();
		List<String> accepted = new ArrayList<>();
		for (int i = 0; i < below; i++) {
			X509Certificate certificate = path.get(i);
			if (i > 0 && this.mode != OcspMode.FULL_CHAIN) {
				break;
			}
			X509Certificate issuer = (i + 1 < path.size()) ? path.get(i + 1)
					: VerifiedPath.issuerOf(certificate, chain, anchors);
			byte[] response = (i == 0) ? staple : null;
			boolean fetched = false;
			if (response == null && i == 0 && server && (this.mode == OcspMode.MUST_STAPLE || mustStaple(certificate))) {
				String why = (this.mode == OcspMode.MUST_STAPLE) ? "trust.ocsp.mode=must-staple requires one"
						: "its certificate carries the TLS feature must-staple (RFC 7633)";
				throw new OcspFailure(false, "the server stapled no OCSP response for '" + subject(certificate)
						+ "' and " + why, "have the server staple OCSP responses (openssl s_server -status_file, "
								+ "nginx ssl_stapling on, JSSE jdk.tls.server.enableStatusRequestExtension=true), "
								+ "or set trust.ocsp.mode=staple",
						null);
			}
			if (response == null && this.mode != OcspMode.FULL_CHAIN) {
				continue;
			}
			if (issuer == null) {
				unknown(certificate, "its issuer '" + certificate.getIssuerX500Principal().getName()
						+ "' is not in the chain nor among the trust anchors", null, accepted);
				continue;
			}
			if (response == null) {
				try {
					response = this.responder.fetch(certificate, issuer);
					fetched = true;
				}
				catch (IOException ex) {
					unknown(certificate, ex.getMessage(), ex, accepted);
					continue;
				}
			}
			try {
				judge(certificate, issuer, response);
			}
			catch (CertPathValidatorException ex) {
				if (fetched) {
					this.responder.forget(certificate);
				}
				String source = fetched ? "the answer of its OCSP responder " + OcspResponder.responderOf(certificate)
						: "the stapled OCSP response";
				if (ex.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
					throw revoked(certificate, source, ex);
				}
				unknown(certificate, source + " does not settle its status: " + ex.getMessage(), ex, accepted);
			}
		}
		if (!accepted.isEmpty()) {
			this.unknownAccepted.addAndGet(accepted.size());
			logger.log(Level.WARNING, "TLS context '" + this.context + "' accepts the chain of '" + subject(chain[0])
					+ "' although the OCSP status of " + String.join("; of ", accepted)
					+ " (trust.revocation-unknown=accept)");
		}
	}

	private void unknown(X509Certificate certificate, String reason, Throwable cause, List<String> accepted)
			throws OcspFailure {
		if (this.unknown == RevocationUnknown.ACCEPT) {
			accepted.add("'" + subject(certificate) + "' is unknown: " + reason);
			return;
		}
		URI responder = OcspResponder.responderOf(certificate);
		throw new OcspFailure(false, "the OCSP status of '" + subject(certificate) + "' is unknown: " + reason,
				((responder != null) ? "make its OCSP responder " + responder + " reachable, " : "")
						+ "set trust.revocation-unknown=accept to accept an unknown status with a WARN, or set "
						+ "trust.ocsp.mode=" + ((this.mode == OcspMode.FULL_CHAIN) ? "staple" : "off"),
				cause);
	}

	private static OcspFailure revoked(X509Certificate certificate, String source, CertPathValidatorException ex) {
		StringBuilder message = new StringBuilder("'").append(subject(certificate))
			.append("' (serial ")
			.append(hex(certificate.getSerialNumber()))
			.append(", issued by '")
			.append(certificate.getIssuerX500Principal().getName())
			.append("') is revoked");
		if (ex.getCause() instanceof CertificateRevokedException revoked) {
			message.append(" since ").append(revoked.getRevocationDate().toInstant());
			message.append(" (reason ").append(revoked.getRevocationReason()).append(')');
		}
		message.append(", says ").append(source);
		return new OcspFailure(true, message.toString(), TlsFailure.REVOKED.action(), ex);
	}

	/** Has the JDK judge one response for one certificate, with the issuer as the anchor. */
	private static void judge(X509Certificate certificate, X509Certificate issuer, byte[] response)
			throws CertPathValidatorException {
		try {
			CertPathValidator validator = CertPathValidator.getInstance("PKIX");
			PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
			// the path is this one certificate; ONLY_END_ENTITY would skip it when it is a CA's
			checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.NO_FALLBACK));
			checker.setOcspResponses(Map.of(certificate, response));
			PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(issuer, null)));
			parameters.setRevocationEnabled(true);
			parameters.addCertPathChecker(checker);
			CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate));
			validator.validate(path, parameters);
		}
		catch (CertPathValidatorException ex) {
			throw ex;
		}
		catch (GeneralSecurityException ex) {
			throw new CertPathValidatorException("the OCSP response cannot be checked: " + ex.getMessage(), ex, null,
					-1, CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS);
		}
	}

	/** The response the server stapled for its certificate, or {@code null}. */
	private static byte[] staple(Object connection) {
		SSLSession session = null;
		if (connection instanceof SSLSocket socket) {
			session = socket.getHandshakeSession();
		}
		else if (connection instanceof SSLEngine engine) {
			session = engine.getHandshakeSession();
		}
		if (session instanceof ExtendedSSLSession extended) {
			try {
				List<byte[]> responses = extended.getStatusResponses();
				if (responses != null && !responses.isEmpty() && responses.get(0) != null
						&& responses.get(0).length > 0) {
					return responses.get(0);
				}
			}
			catch (UnsupportedOperationException ex) {
				// a provider without status responses
				return null;
			}
		}
		return null;
	}

	/** Whether the certificate carries the TLS feature extension with status_request. */
	static boolean mustStaple(X509Certificate certificate) {
		byte[] extension = certificate.getExtensionValue(TLS_FEATURE);
		if (extension == null) {
			return false;
		}
		// OCTET STRING { SEQUENCE OF INTEGER }: look for the one-byte INTEGER 5
		for (int i = 0; i + 2 < extension.length; i++) {
			if (extension[i] == 0x02 && extension[i + 1] == 0x01 && extension[i + 2] == 0x05) {
				return true;
			}
		}
		return false;
	}

	private static String subject(X509Certificate certificate) {
		return certificate.getSubjectX500Principal().getName();
	}

	private static String hex(BigInteger serial) {
		return "0x" + serial.toString(16);
	}

}
