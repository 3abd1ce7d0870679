package io.github.sslstarter.spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IO::Socket::SSL's {@code SSL_dh_file}: JSSE only negotiates the named FFDHE groups of RFC 7919,
 * so a PEM DH parameter file (PKCS#3) is accepted only when it holds one of those groups, and is
 * then mapped to its name. X9.42 DH parameters ({@code -----BEGIN X9.42 DH PARAMETERS-----}) are
 * read too.
 */
public final class DhParameters {

	private static final Pattern PEM = Pattern
		.compile("-----BEGIN (X9\\.42 )?DH PARAMETERS-----([A-Za-z0-9+/=\\s]+)-----END \\1?DH PARAMETERS-----");

	private static final Map<BigInteger, String> GROUPS = load();

	private DhParameters() {
	}

	/**
	 * The RFC 7919 group that {@code pem} holds.
	 * @param pem PEM text with a {@code -----BEGIN DH PARAMETERS-----} block
	 * @return the group's name, e.g. {@code ffdhe2048}
	 * @throws SpecException when the text is not DH parameters or not an RFC 7919 group
	 */
	public static String namedGroup(String pem) {
		Matcher matcher = PEM.matcher(pem);
		if (!matcher.find()) {
			throw new SpecException("No '-----BEGIN DH PARAMETERS-----' block found in the DH parameter file");
		}
		byte[] der;
		try {
			der = Base64.getMimeDecoder().decode(matcher.group(2).replaceAll("\\s", ""));
		}
		catch (IllegalArgumentException ex) {
			throw new SpecException("The DH parameters are not valid base64: " + ex.getMessage());
		}
		BigInteger[] pg = primeAndGenerator(der);
		String group = GROUPS.get(pg[0]);
		if (group == null || !BigInteger.TWO.equals(pg[1])) {
			throw new SpecException("The DH parameters (a " + pg[0].bitLength() + "-bit prime) are not one of the "
					+ "RFC 7919 groups; JSSE only uses the named FFDHE groups, so custom DH parameters cannot be "
					+ "used. Pick one by name instead, e.g. named-groups: ffdhe2048 (or ffdhe3072, ffdhe4096, "
					+ "ffdhe6144, ffdhe8192)");
		}
		return group;
	}

	/** Reads p and g, the first two integers of PKCS#3's and X9.42's parameter sequences. */
	private static BigInteger[] primeAndGenerator(byte[] der) {
		try {
			int[] at = { 0 };
			expect(der, at, 0x30);
			readLength(der, at);
			BigInteger p = readInteger(der, at);
			BigInteger g = readInteger(der, at);
			return new BigInteger[] { p, g };
		}
		catch (ArrayIndexOutOfBoundsException ex) {
			throw new SpecException("The DH parameters are truncated");
		}
	}

	private static BigInteger readInteger(byte[] der, int[] at) {
		expect(der, at, 0x02);
		int length = readLength(der, at);
		byte[] value = new byte[length];
		System.arraycopy(der, at[0], value, 0, length);
		at[0] += length;
		return new BigInteger(value);
	}

	private static void expect(byte[] der, int[] at, int tag) {
		if ((der[at[0]++] & 0xff) != tag) {
			throw new SpecException("The DH parameters are not PKCS#3 DER (expected tag " + tag + ")");
		}
	}

	private static int readLength(byte[] der, int[] at) {
		int first = der[at[0]++] & 0xff;
		if (first < 0x80) {
			return first;
		}
		int length = 0;
		for (int i = 0; i < (first & 0x7f); i++) {
			length = (length << 8) | (der[at[0]++] & 0xff);
		}
		return length;
	}

	private static Map<BigInteger, String> load() {
		Map<BigInteger, String> groups = new LinkedHashMap<>();
		try (InputStream in = DhParameters.class.getResourceAsStream("rfc7919-ffdhe-primes.txt")) {
			if (in == null) {
				throw new IllegalStateException("rfc7919-ffdhe-primes.txt is missing from the classpath");
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.isBlank() && !line.startsWith("#")) {
					String[] fields = line.trim().split("\\s+");
					groups.put(new BigInteger(fields[1], 16), fields[0]);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Map.copyOf(groups);
	}

}
