package io.github.sslstarter.verify;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Thrown inside the handshake when no pin of the context ({@code trust.pins}) matches a
 * certificate of the peer's chain. The message names the pins the peer did present, in the
 * {@code sha256/<base64>} form, so that one can be copied into the configuration.
 */
public class PinMismatchException extends CertificateException {

	private final List<String> pins;

	private final List<String> presented;

	/**
	 * A mismatch.
	 * @param pins the context's pins as written
	 * @param candidates the certificates a pin could have matched
	 * @param role what the candidates are, for the message
	 */
	public PinMismatchException(List<String> pins, List<X509Certificate> candidates, String role) {
		super(message(pins, candidates, role));
		this.pins = List.copyOf(pins);
		this.presented = candidates.stream().map(Pins::spki).toList();
	}

	/** The context's pins, as written. */
	public List<String> pins() {
		return this.pins;
	}

	/** The SPKI pins ({@code sha256/<base64>}) of the certificates a pin could have matched, leaf first. */
	public List<String> presented() {
		return this.presented;
	}

	private static String message(List<String> pins, List<X509Certificate> candidates, String role) {
		StringBuilder message = new StringBuilder("no pin of trust.pins ").append(pins)
			.append(" matches ")
			.append(role)
			.append("; the peer presented ");
		for (int i = 0; i < candidates.size(); i++) {
			X509Certificate candidate = candidates.get(i);
			message.append((i > 0) ? ", " : "")
				.append(Pins.spki(candidate))
				.append(" ('")
				.append(candidate.getSubjectX500Principal().getName())
				.append("')");
		}
		return message.toString();
	}

}
