package io.github.sslstarter.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pins of a context ({@code trust.pins}): digests that a certificate of the peer's chain must
 * match. Three written forms are understood:
 * <ul>
 * <li>{@code sha256/<base64>} (OkHttp's, also {@code sha1/}): the digest of the certificate's
 * SubjectPublicKeyInfo, the whole DER structure with the key's algorithm; the form
 * {@link #spki(X509Certificate)} writes and failures name;</li>
 * <li>{@code <algo>$<hex>} (IO::Socket::SSL's {@code SSL_fingerprint}): the digest of the whole
 * certificate, as {@code openssl x509 -fingerprint -<algo>} prints it (colons are ignored);</li>
 * <li>{@code <algo>$pub$<hex>} (IO::Socket::SSL's public-key form): the digest of the public key
 * bits alone (the content of the subjectPublicKey BIT STRING, OpenSSL's
 * {@code X509_pubkey_digest}), which survives a reissued certificate for the same key.</li>
 * </ul>
 * The algorithms are {@code sha1}, {@code sha224}, {@code sha256}, {@code sha384} and
 * {@code sha512}; a hex digest without {@code <algo>$} (as IO::Socket::SSL also takes it) is
 * SHA-1 or SHA-256 by its length. Immutable.
 */
public final class Pins {

	/** No pins: nothing is checked. */
	public static final Pins NONE = new Pins(List.of());

	private static final Map<String, String> DIGESTS = Map.of("sha1", "SHA-1", "sha224", "SHA-224", "sha256", "SHA-256",
			"sha384", "SHA-384", "sha512", "SHA-512");

	private static final String FORMS = "sha256/<base64 of the SubjectPublicKeyInfo digest>, "
			+ "<algo>$<hex certificate digest> or <algo>$pub$<hex public key digest>";

	private final List<Pin> pins;

	private Pins(List<Pin> pins) {
		this.pins = List.copyOf(pins);
	}

	/**
	 * Reads pins in their written forms.
	 * @param written the pins, each in one of the three forms
	 * @return the pins
	 * @throws IllegalArgumentException naming the first malformed pin and what is wrong with it
	 */
	public static Pins of(List<String> written) {
		if (written == null || written.isEmpty()) {
			return NONE;
		}
		List<Pin> pins = new ArrayList<>();
		for (String pin : written) {
			pins.add(Pin.parse(pin));
		}
		return new Pins(pins);
	}

	/** Whether there is no pin. */
	public boolean isEmpty() {
		return this.pins.isEmpty();
	}

	/** The pins as they were written (trimmed). */
	public List<String> written() {
		return this.pins.stream().map(Pin::written).toList();
	}

	/**
	 * Whether a pin matches {@code certificate}.
	 * @param certificate a certificate
	 * @return whether one of the pins is its digest
	 */
	public boolean matches(X509Certificate certificate) {
		for (Pin pin : this.pins) {
			if (pin.matches(certificate)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Requires a pin to match one of {@code candidates}.
	 * @param candidates the certificates a pin may match
	 * @param role what the candidates are, for the message ("the verified chain", "the leaf")
	 * @throws PinMismatchException naming the candidates' pins when none matches
	 */
	public void check(List<X509Certificate> candidates, String role) throws PinMismatchException {
		if (this.pins.isEmpty()) {
			return;
		}
		for (X509Certificate candidate : candidates) {
			if (matches(candidate)) {
				return;
			}
		}
		throw new PinMismatchException(written(), candidates, role);
	}

	/**
	 * The pin of a certificate's public key in OkHttp's form, {@code sha256/<base64>}.
	 * @param certificate a certificate
	 * @return its SPKI pin
	 */
	public static String spki(X509Certificate certificate) {
		return "sha256/" + Base64.getEncoder().encodeToString(digest("SHA-256", certificate.getPublicKey().getEncoded()));
	}

	@Override
	public String toString() {
		return written().toString();
	}

	private static byte[] digest(String algorithm, byte[] input) {
		try {
			return MessageDigest.getInstance(algorithm).digest(input);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("The JDK has no " + algorithm, ex);
		}
	}

	private enum Kind {

		SPKI, CERTIFICATE, PUBLIC_KEY

	}

	private record Pin(String written, Kind kind, String algorithm, byte[] digest) {

		static Pin parse(String pin) {
			if (pin == null || pin.isBlank()) {
				throw new IllegalArgumentException("a pin is empty");
			}
			String written = pin.strip();
			int slash = written.indexOf('/');
			int dollar = written.indexOf('$');
			if (slash > 0 && (dollar < 0 || slash < dollar)) {
				String name = written.substring(0, slash).toLowerCase(Locale.ROOT);
				String algorithm = algorithm(written, name, List.of("sha1", "sha256"));
				byte[] digest;
				try {
					digest = Base64.getDecoder().decode(written.substring(slash + 1));
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException(
							"pin '" + written + "' is not <algo>/<base64>: " + ex.getMessage(), ex);
				}
				return new Pin(written, Kind.SPKI, algorithm, length(written, algorithm, digest));
			}
			if (dollar > 0 && !written.regionMatches(true, 0, "pub$", 0, 4)) {
				String name = written.substring(0, dollar).toLowerCase(Locale.ROOT);
				String algorithm = algorithm(written, name, DIGESTS.keySet());
				String rest = written.substring(dollar + 1);
				Kind kind = Kind.CERTIFICATE;
				if (rest.regionMatches(true, 0, "pub$", 0, 4)) {
					kind = Kind.PUBLIC_KEY;
					rest = rest.substring(4);
				}
				byte[] digest;
				try {
					digest = HexFormat.of().parseHex(rest.replace(":", ""));
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException("pin '" + written + "' is not <algo>$<hex> or <algo>$pub$<hex>: '"
							+ rest + "' is not hexadecimal", ex);
				}
				return new Pin(written, kind, algorithm, length(written, algorithm, digest));
			}
			String bare = written.regionMatches(true, 0, "pub$", 0, 4) ? written.substring(4) : written;
			if (!bare.isEmpty() && bare.replace(":", "").chars().allMatch((c) -> Character.digit(c, 16) >= 0)) {
				// IO::Socket::SSL's bare form: the digest told by its length
				byte[] digest = HexFormat.of().parseHex(bare.replace(":", ""));
				Kind kind = (bare.length() == written.length()) ? Kind.CERTIFICATE : Kind.PUBLIC_KEY;
				return switch (digest.length) {
					case 20 -> new Pin(written, kind, "SHA-1", digest);
					case 32 -> new Pin(written, kind, "SHA-256", digest);
					default -> throw new IllegalArgumentException("pin '" + written + "' has " + digest.length
							+ " bytes: a hex digest without <algo>$ is SHA-1 (20 bytes) or SHA-256 (32); write "
							+ FORMS);
				};
			}
			throw new IllegalArgumentException("pin '" + written + "' is in no known form: write " + FORMS);
		}

		private static String algorithm(String written, String name, java.util.Collection<String> known) {
			if (!known.contains(name)) {
				throw new IllegalArgumentException("pin '" + written + "' uses the digest '" + name + "': use one of "
						+ known.stream().sorted().toList());
			}
			return DIGESTS.get(name);
		}

		private static byte[] length(String written, String algorithm, byte[] digest) {
			int expected = Pins.digest(algorithm, new byte[0]).length;
			if (digest.length != expected) {
				throw new IllegalArgumentException("pin '" + written + "' has " + digest.length + " bytes, a "
						+ algorithm + " digest has " + expected);
			}
			return digest;
		}

		boolean matches(X509Certificate certificate) {
			byte[] input;
			try {
				input = switch (this.kind) {
					case SPKI -> certificate.getPublicKey().getEncoded();
					case CERTIFICATE -> certificate.getEncoded();
					case PUBLIC_KEY -> publicKeyBits(certificate.getPublicKey().getEncoded());
				};
			}
			catch (CertificateEncodingException | IllegalArgumentException ex) {
				return false;
			}
			return MessageDigest.isEqual(this.digest, Pins.digest(this.algorithm, input));
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Pin pin && this.kind == pin.kind && this.algorithm.equals(pin.algorithm)
					&& Arrays.equals(this.digest, pin.digest);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.digest);
		}

		@Override
		public String toString() {
			return this.written;
		}

	}

	/**
	 * The content of the subjectPublicKey BIT STRING of a SubjectPublicKeyInfo
	 * ({@code SEQUENCE { AlgorithmIdentifier, BIT STRING }}), without its unused-bits octet.
	 */
	static byte[] publicKeyBits(byte[] spki) {
		int[] outer = header(spki, 0, 0x30);
		int[] algorithm = header(spki, outer[0], 0x30);
		int[] bits = header(spki, algorithm[0] + algorithm[1], 0x03);
		if (bits[1] < 1 || bits[0] + bits[1] > spki.length) {
			throw new IllegalArgumentException("truncated subjectPublicKey");
		}
		return Arrays.copyOfRange(spki, bits[0] + 1, bits[0] + bits[1]);
	}

	/** The offset of the content and its length of the element at {@code offset}, of tag {@code tag}. */
	private static int[] header(byte[] der, int offset, int tag) {
		if (offset + 2 > der.length || (der[offset] & 0xFF) != tag) {
			throw new IllegalArgumentException("not a DER SubjectPublicKeyInfo");
		}
		int first = der[offset + 1] & 0xFF;
		int position = offset + 2;
		if (first < 0x80) {
			return new int[] { position, first };
		}
		int count = first & 0x7F;
		if (count == 0 || count > 3 || position + count > der.length) {
			throw new IllegalArgumentException("not a DER SubjectPublicKeyInfo");
		}
		int length = 0;
		for (int i = 0; i < count; i++) {
			length = (length << 8) | (der[position + i] & 0xFF);
		}
		return new int[] { position + count, length };
	}

}
