package io.github.sslstarter.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one check of a TLS peer: either the handshake succeeded, with what was
 * negotiated and the peer's chain, or it failed, with the class of failure and a message that
 * says what to do. Immutable; holds no secret.
 */
public final class TlsPeerResult {

	private final TlsPeer peer;

	private final Instant checkedAt;

	private final Duration checkTime;

	private final String protocol;

	private final String cipherSuite;

	private final Duration handshakeTime;

	private final String verification;

	private final List<CertificateDescription> chain;

	private final String failure;

	private final String reason;

	private final String message;

	private TlsPeerResult(TlsPeer peer, Instant checkedAt, Duration checkTime, String protocol, String cipherSuite,
			Duration handshakeTime, String verification, List<CertificateDescription> chain, String failure,
			String reason, String message) {
		this.peer = peer;
		this.checkedAt = checkedAt;
		this.checkTime = checkTime;
		this.protocol = protocol;
		this.cipherSuite = cipherSuite;
		this.handshakeTime = handshakeTime;
		this.verification = verification;
		this.chain = (chain != null) ? List.copyOf(chain) : List.of();
		this.failure = failure;
		this.reason = reason;
		this.message = message;
	}

	static TlsPeerResult success(TlsPeer peer, Instant checkedAt, Duration checkTime, String protocol,
			String cipherSuite, Duration handshakeTime, String verification, List<CertificateDescription> chain) {
		return new TlsPeerResult(peer, checkedAt, checkTime, protocol, cipherSuite, handshakeTime, verification, chain,
				null, null, null);
	}

	static TlsPeerResult failure(TlsPeer peer, Instant checkedAt, Duration checkTime, String failure, String reason,
			String message) {
		return new TlsPeerResult(peer, checkedAt, checkTime, null, null, null, null, null, failure, reason, message);
	}

	/** The peer that was checked. */
	public TlsPeer peer() {
		return this.peer;
	}

	/** Whether the connection and handshake succeeded (and the chain and host name verified). */
	public boolean succeeded() {
		return this.failure == null;
	}

	/** When the check started. */
	public Instant checkedAt() {
		return this.checkedAt;
	}

	/** How long the whole check took: connect, STARTTLS dialogue, handshake. */
	public Duration checkTime() {
		return this.checkTime;
	}

	/** The negotiated protocol, or {@code null} after a failure. */
	public String protocol() {
		return this.protocol;
	}

	/** The negotiated cipher suite, or {@code null} after a failure. */
	public String cipherSuite() {
		return this.cipherSuite;
	}

	/** How long the TLS handshake alone took, or {@code null} after a failure. */
	public Duration handshakeTime() {
		return this.handshakeTime;
	}

	/** What was verified, in words, or {@code null} after a failure. */
	public String verification() {
		return this.verification;
	}

	/** The peer's chain, leaf first; empty after a failure. */
	public List<CertificateDescription> chain() {
		return this.chain;
	}

	/**
	 * The class of failure as a tag ({@code hostname-mismatch}, {@code untrusted-issuer},
	 * {@code timeout}, {@code starttls-failed}, ...: {@link io.github.sslstarter.core.TlsFailure#tag()}
	 * or {@code starttls-failed}), or {@code null} after success.
	 */
	public String failure() {
		return this.failure;
	}

	/** The class of failure in words, or {@code null} after success. */
	public String reason() {
		return this.reason;
	}

	/** What happened and what to do, or {@code null} after success. */
	public String message() {
		return this.message;
	}

	/** The certificate of the chain that expires first, or {@code null} after a failure. */
	public CertificateDescription firstToExpire() {
		return this.chain.stream().min(Comparator.comparing(CertificateDescription::notAfter)).orElse(null);
	}

	/** Whether a certificate of the chain expires within the peer's warning threshold of {@code now}. */
	public boolean expiring(Instant now) {
		CertificateDescription first = firstToExpire();
		return first != null && now.plus(this.peer.expiryWarningThreshold()).isAfter(first.notAfter());
	}

	/** Seconds from {@code now} until the first certificate of the chain expires, or {@code NaN}. */
	public double secondsToExpiry(Instant now) {
		CertificateDescription first = firstToExpire();
		return (first != null) ? Duration.between(now, first.notAfter()).toMillis() / 1000.0 : Double.NaN;
	}

	/**
	 * The details the health report and the {@code tls} endpoint show, in a stable order and
	 * JSON-friendly types (strings, numbers, lists, maps).
	 */
	public Map<String, Object> details(Instant now) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("target", this.peer.target());
		details.put("context", this.peer.context());
		if (this.peer.startTls() != null) {
			details.put("startTls", this.peer.startTls().name().toLowerCase(java.util.Locale.ROOT));
		}
		if (succeeded()) {
			details.put("protocol", this.protocol);
			details.put("cipherSuite", this.cipherSuite);
			details.put("verification", this.verification);
			CertificateDescription first = firstToExpire();
			if (first != null) {
				details.put("notAfter", first.notAfter().toString());
				details.put("daysLeft", first.daysLeft(now));
				if (expiring(now)) {
					details.put("warning", warning(first, now));
				}
			}
			details.put("handshakeTime", millis(this.handshakeTime));
			details.put("chain", this.chain.stream().map((certificate) -> certificate.toMap(now)).toList());
		}
		else {
			details.put("failure", this.failure);
			details.put("reason", this.reason);
			details.put("message", this.message);
		}
		details.put("checkedAt", this.checkedAt.toString());
		details.put("checkTime", millis(this.checkTime));
		return details;
	}

	private String warning(CertificateDescription first, Instant now) {
		long days = first.daysLeft(now);
		String when = (days < 1) ? "in less than a day" : "in " + days + ((days == 1) ? " day" : " days");
		return "certificate '" + first.subject() + "' expires " + when + " (" + first.notAfter()
				+ "), within the warning threshold of " + this.peer.expiryWarningThreshold().toDays()
				+ " days: renew it";
	}

	private static String millis(Duration duration) {
		return duration.toMillis() + "ms";
	}

	@Override
	public String toString() {
		return "TlsPeerResult[" + this.peer.name() + ": "
				+ (succeeded() ? this.protocol + " " + this.cipherSuite : this.failure + ": " + this.message) + "]";
	}

}
