package io.github.sslstarter.material;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.NoSuchPaddingException;

import org.springframework.boot.ssl.pem.PemContent;

import io.github.sslstarter.material.MaterialException.Problem;

/**
 * Reads a private key from PEM (PKCS#8, PKCS#1 RSA, SEC1 EC, PBES2-encrypted PKCS#8, legacy
 * OpenSSL-encrypted) or DER (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1). Spring Boot's
 * {@link PemContent} does the parsing; DER is wrapped into PEM for it, and the legacy
 * {@code Proc-Type: 4,ENCRYPTED} format goes to Bouncy Castle.
 */
final class PrivateKeys {

	static final String BC_COORDINATES = "org.bouncycastle:bcpkix-jdk18on";

	private static final Pattern BLOCK = Pattern
		.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

	private static final Pattern LEGACY_ENCRYPTED = Pattern.compile("Proc-Type:\\s*4\\s*,\\s*ENCRYPTED");

	private PrivateKeys() {
	}

	static PrivateKey read(Location location, char[] password) {
		byte[] bytes = location.read();
		String text = new String(bytes, StandardCharsets.ISO_8859_1);
		if (PemContent.isPresentInText(text)) {
			return fromPem(text, password, location.description());
		}
		return fromPem(pemOfDer(bytes, location.description()), password, location.description());
	}

	private static PrivateKey fromPem(String text, char[] password, String location) {
		List<String> labels = new ArrayList<>();
		Matcher matcher = BLOCK.matcher(text);
		while (matcher.find()) {
			String label = matcher.group(1);
			if (label.endsWith("PRIVATE KEY")) {
				return fromBlock(label, matcher.group(), password, location);
			}
			labels.add(label);
		}
		throw new MaterialException(Problem.EMPTY, location,
				"No private key found" + (labels.isEmpty() ? "" : " (the PEM holds: " + String.join(", ", labels) + ")"),
				"Point the private-key location at the key file, not the certificate");
	}

	private static PrivateKey fromBlock(String label, String block, char[] password, String location) {
		boolean legacyEncrypted = LEGACY_ENCRYPTED.matcher(block).find();
		if (legacyEncrypted) {
			return fromLegacyEncrypted(block, password, location);
		}
		switch (label) {
			case "EC PRIVATE KEY":
				requireNamedCurve(block, location);
				return parse(block, null, location, label);
			case "PRIVATE KEY", "RSA PRIVATE KEY":
				return parse(block, null, location, label);
			case "ENCRYPTED PRIVATE KEY":
				requirePassword(password, location, "an encrypted PKCS#8 key");
				return parse(block, password, location, label);
			default:
				throw new MaterialException(Problem.UNPARSEABLE, location,
						"Private keys in the '" + label + "' format are not supported",
						"Convert the key to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem"
								+ " (for OpenSSH keys first: ssh-keygen -p -m PEM -f key)");
		}
	}

	/**
	 * A SEC1 key may leave out its curve (RFC 5915 makes the parameters optional, and writers
	 * such as Bouncy Castle's do for keys whose curve lives elsewhere): such a key cannot be
	 * read on its own, and OpenSSL refuses it too.
	 */
	private static void requireNamedCurve(String block, String location) {
		byte[] der;
		try {
			String base64 = block.replaceAll("-----[^-]+-----", "").replaceAll("(?m)^[A-Za-z-]+:.*$", "");
			der = java.util.Base64.getMimeDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			return; // the parser reports the damage
		}
		// SEQUENCE { INTEGER version, OCTET STRING key, [0] parameters OPTIONAL, [1] publicKey OPTIONAL }
		int[] sequence = header(der, 0);
		if (sequence == null || der[0] != 0x30) {
			return;
		}
		int offset = sequence[0];
		for (int field = 0; field < 2; field++) {
			int[] element = header(der, offset);
			if (element == null) {
				return;
			}
			offset = element[0] + element[1];
		}
		if (offset >= der.length || (der[offset] & 0xff) != 0xa0) {
			throw new MaterialException(Problem.UNPARSEABLE, location,
					"The SEC1 EC private key does not name its curve, so it cannot be read on its own",
					"Write it with its curve, or as PKCS#8: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem"
							+ " (from the tool that made it, which knows the curve)");
		}
	}

	private static PrivateKey parse(String block, char[] password, String location, String label) {
		try {
			PrivateKey key = PemContent.of(block).getPrivateKey((password != null) ? new String(password) : null);
			if (key != null) {
				return key;
			}
		}
		catch (RuntimeException ex) {
			if (password == null) {
				throw unparseable(label, location, ex);
			}
			if (hasCause(ex, NoSuchAlgorithmException.class) || hasCause(ex, NoSuchPaddingException.class)) {
				throw new MaterialException(Problem.UNPARSEABLE, location,
						"The key is encrypted with a scheme this JVM does not support",
						"Re-encrypt it with PBES2 and AES: openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out key-pkcs8.pem",
						ex);
			}
			throw wrongPassword(location, ex);
		}
		throw unparseable(label, location, null);
	}

	private static PrivateKey fromLegacyEncrypted(String block, char[] password, String location) {
		if (!BouncyCastle.isPresent()) {
			throw new MaterialException(Problem.MISSING_DEPENDENCY, location,
					"The key is in the legacy OpenSSL encrypted format (Proc-Type: 4,ENCRYPTED), "
							+ "which needs Bouncy Castle (" + BC_COORDINATES + ") on the classpath",
					"Add the dependency " + BC_COORDINATES + ", or convert the key to encrypted PKCS#8: "
							+ "openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out key-pkcs8.pem");
		}
		requirePassword(password, location, "a legacy OpenSSL-encrypted key (Proc-Type: 4,ENCRYPTED)");
		return LegacyEncryptedKeys.decrypt(block, password, location);
	}

	private static void requirePassword(char[] password, String location, String what) {
		if (password == null) {
			throw new MaterialException(Problem.PASSWORD_REQUIRED, location,
					"The private key is " + what + " and no password was given",
					"Set the private key password");
		}
	}

	static MaterialException wrongPassword(String location, Throwable cause) {
		return new MaterialException(Problem.WRONG_PASSWORD, location,
				"The password does not decrypt the private key (or the key is corrupt)",
				"Check the private key password", cause);
	}

	static MaterialException unparseable(String label, String location, Throwable cause) {
		return new MaterialException(Problem.UNPARSEABLE, location,
				"The '" + label + "' block is not a valid RSA, EC or EdDSA private key",
				"Check the file, or regenerate it: openssl pkey -in key.pem -out key-pkcs8.pem", cause);
	}

	static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

	/** Recognises the DER structure of a private key and wraps it as the matching PEM block. */
	private static String pemOfDer(byte[] der, String location) {
		String label = derLabel(der);
		if (label == null) {
			throw new MaterialException(Problem.UNPARSEABLE, location,
					"The content is neither PEM nor a DER-encoded private key",
					"Give a PEM key (-----BEGIN PRIVATE KEY-----) or a PKCS#8 DER key");
		}
		return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END "
				+ label + "-----\n";
	}

	/** The PEM label for a DER key, from the tags of the first two elements of its SEQUENCE. */
	static String derLabel(byte[] der) {
		int[] outer = header(der, 0);
		if (outer == null || der[0] != 0x30 || outer[0] + outer[1] != der.length) {
			return null;
		}
		int first = outer[0];
		int[] firstHeader = header(der, first);
		if (firstHeader == null) {
			return null;
		}
		int second = firstHeader[0] + firstHeader[1];
		if (second >= der.length) {
			return null;
		}
		byte firstTag = der[first];
		byte secondTag = der[second];
		if (firstTag == 0x30 && secondTag == 0x04) {
			return "ENCRYPTED PRIVATE KEY"; // EncryptedPrivateKeyInfo: algorithm, encrypted data
		}
		if (firstTag == 0x02 && secondTag == 0x30) {
			return "PRIVATE KEY"; // PrivateKeyInfo: version, algorithm, key
		}
		if (firstTag == 0x02 && secondTag == 0x02) {
			return "RSA PRIVATE KEY"; // RSAPrivateKey: version, modulus, ...
		}
		if (firstTag == 0x02 && secondTag == 0x04) {
			return "EC PRIVATE KEY"; // ECPrivateKey: version, private key octets, ...
		}
		return null;
	}

	/** Offset of the content and its length for the element at {@code offset}, or null. */
	private static int[] header(byte[] der, int offset) {
		if (offset + 2 > der.length) {
			return null;
		}
		int length = der[offset + 1] & 0xFF;
		int contentOffset = offset + 2;
		if (length > 0x80) {
			int count = length & 0x7F;
			if (count > 3 || contentOffset + count > der.length) {
				return null;
			}
			length = 0;
			for (int i = 0; i < count; i++) {
				length = (length << 8) | (der[contentOffset + i] & 0xFF);
			}
			contentOffset += count;
		}
		else if (length == 0x80) {
			return null;
		}
		return (contentOffset + length <= der.length) ? new int[] { contentOffset, length } : null;
	}

}
