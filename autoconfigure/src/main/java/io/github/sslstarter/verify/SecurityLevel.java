package io.github.sslstarter.verify;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAParams;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.interfaces.DHPublicKey;
import javax.security.auth.x500.X500Principal;

/**
 * OpenSSL's security levels ({@code SSL_CTX_set_security_level}, {@code @SECLEVEL=n}), as OpenSSL
 * 3.0 applies them to certificates: every key and every signature must offer at least the
 * level's bits of security.
 * <table>
 * <caption>The levels</caption>
 * <tr><th>level</th><th>bits</th><th>RSA, DSA, DH keys</th><th>EC keys</th><th>signatures</th></tr>
 * <tr><td>0</td><td>-</td><td>any</td><td>any</td><td>any</td></tr>
 * <tr><td>1</td><td>80</td><td>about 1024 bits (920)</td><td>160</td><td>no MD5, no SHA-1</td></tr>
 * <tr><td>2</td><td>112</td><td>about 2048 bits (1963)</td><td>224</td><td>SHA-224 and better</td></tr>
 * <tr><td>3</td><td>128</td><td>about 3072 bits (2671)</td><td>256</td><td>SHA-256 and better</td></tr>
 * <tr><td>4</td><td>192</td><td>about 7680 bits (6947)</td><td>384</td><td>SHA-384 and better</td></tr>
 * <tr><td>5</td><td>256</td><td>about 15360 bits (13914)</td><td>512</td><td>SHA-512</td></tr>
 * </table>
 * The bits of a key or signature are OpenSSL 3.0's: RSA by the SP 800-56B formula OpenSSL computes
 * (so a 2040-bit key has 112 bits, a 1960-bit one 104), DSA and DH by OpenSSL's table, EC by half
 * the group order, Ed25519 128 and Ed448 224; a signature by half its digest, except SHA-1 (63
 * bits) and MD5 (39), which OpenSSL 3.0 rates below level 1.
 * <p>
 * Which certificates are judged is OpenSSL's rule too: of a peer's chain, the path from the leaf to
 * the trust anchor, every key including the anchor's, every signature except the anchor's own; of
 * our own chain, every key, and every signature except that of a self-signed certificate.
 */
public final class SecurityLevel {

	/** The level when none is configured, as Debian's and most distributions' OpenSSL. */
	public static final int DEFAULT = 2;

	private static final int[] BITS = { 0, 80, 112, 128, 192, 256 };

	private static final String[] RULES = { "any key and signature",
			"RSA, DSA and DH keys of about 1024 bits, EC keys of 160 bits, no MD5 or SHA-1 signatures",
			"RSA, DSA and DH keys of about 2048 bits, EC keys of 224 bits, no MD5 or SHA-1 signatures",
			"RSA, DSA and DH keys of about 3072 bits, EC keys of 256 bits, signatures with SHA-256 or better",
			"RSA, DSA and DH keys of about 7680 bits, EC keys of 384 bits, signatures with SHA-384 or better",
			"RSA, DSA and DH keys of about 15360 bits, EC keys of 512 bits, signatures with SHA-512" };

	// the last @SECLEVEL=n of a cipher string wins, as in OpenSSL; other values are CipherSpec's to refuse
	private static final Pattern CIPHER_STRING_LEVEL = Pattern.compile("@SECLEVEL=([0-9]+)");

	private final int level;

	private SecurityLevel(int level) {
		this.level = level;
	}

	/**
	 * The security level {@code level}.
	 * @param level 0 to 5
	 * @return the level
	 * @throws IllegalArgumentException when {@code level} is not 0 to 5
	 */
	public static SecurityLevel of(int level) {
		if (level < 0 || level >= BITS.length) {
			throw new IllegalArgumentException("Security level " + level + " is not 0 to 5");
		}
		return new SecurityLevel(level);
	}

	/** The level, 0 to 5. */
	public int level() {
		return this.level;
	}

	/** The bits of security every key and signature must offer at this level (0 for level 0). */
	public int bits() {
		return BITS[this.level];
	}

	/**
	 * What this level asks for, in words, e.g. "level 2 (112 bits: RSA, DSA and DH keys of about
	 * 2048 bits, EC keys of 224 bits, no MD5 or SHA-1 signatures)".
	 */
	public String describe() {
		return describe(this.level);
	}

	private static String describe(int level) {
		return "level " + level + ((level == 0) ? " (" : " (" + BITS[level] + " bits: ") + RULES[level] + ")";
	}

	/**
	 * The {@code @SECLEVEL=n} of an OpenSSL cipher string (the last one, as OpenSSL), when it
	 * names a level from 0 to 5.
	 * @param ciphers the cipher string, or {@code null}
	 * @return the level the cipher string sets, or empty
	 */
	public static OptionalInt ofCipherString(String ciphers) {
		if (ciphers == null) {
			return OptionalInt.empty();
		}
		String last = null;
		Matcher matcher = CIPHER_STRING_LEVEL.matcher(ciphers);
		while (matcher.find()) {
			last = matcher.group(1);
		}
		return (last != null && last.length() == 1 && last.charAt(0) <= '5') ? OptionalInt.of(last.charAt(0) - '0')
				: OptionalInt.empty();
	}

	/**
	 * The cipher string with every {@code @SECLEVEL=n} set to {@code level}.
	 * @param ciphers the cipher string
	 * @param level the level it is to say
	 * @return the cipher string as it would be written for that level
	 */
	public static String inCipherString(String ciphers, int level) {
		return CIPHER_STRING_LEVEL.matcher(ciphers).replaceAll("@SECLEVEL=" + of(level).level());
	}

	/**
	 * Indexes trust anchors by subject, for {@link #checkPeerChain}.
	 * @param anchors the trust anchors
	 * @return the anchors by subject
	 */
	public static Map<X500Principal, List<X509Certificate>> bySubject(Collection<X509Certificate> anchors) {
		Map<X500Principal, List<X509Certificate>> index = new HashMap<>();
		for (X509Certificate anchor : anchors) {
			index.computeIfAbsent(anchor.getSubjectX500Principal(), (subject) -> new ArrayList<>()).add(anchor);
		}
		return index;
	}

	/**
	 * Judges a peer's chain, already verified by PKIX: along the path from the leaf to the trust
	 * anchor, every key (the anchor's too) and every signature but the anchor's own. Certificates
	 * the peer sent that are not on that path are not judged.
	 * @param chain the chain the peer sent, leaf first
	 * @param anchors the trust anchors by subject ({@link #bySubject})
	 * @throws WeakCertificateException naming the first certificate below the level
	 */
	public void checkPeerChain(X509Certificate[] chain, Map<X500Principal, List<X509Certificate>> anchors)
			throws WeakCertificateException {
		if (this.level == 0 || chain == null || chain.length == 0) {
			return;
		}
		List<X509Certificate> rest = new ArrayList<>(List.of(chain));
		X509Certificate current = rest.remove(0);
		for (int depth = 0; current != null; depth++) {
			if (isAnchor(current, anchors)) {
				checkKey(current, depth, true);
				return;
			}
			checkKey(current, depth, false);
			checkSignature(current, depth);
			X509Certificate anchor = issuer(current, anchors.getOrDefault(current.getIssuerX500Principal(), List.of()));
			if (anchor != null) {
				checkKey(anchor, depth + 1, true);
				return;
			}
			current = issuer(current, rest);
			rest.remove(current);
		}
	}

	/**
	 * Judges our own chain, as OpenSSL does when a certificate chain is configured: every key, and
	 * every signature except that of a self-signed certificate.
	 * @param chain our chain, leaf first
	 * @throws WeakCertificateException naming the first certificate below the level
	 */
	public void checkOwnChain(List<X509Certificate> chain) throws WeakCertificateException {
		if (this.level == 0) {
			return;
		}
		for (int depth = 0; depth < chain.size(); depth++) {
			X509Certificate certificate = chain.get(depth);
			checkKey(certificate, depth, false);
			if (!isSelfSigned(certificate)) {
				checkSignature(certificate, depth);
			}
		}
	}

	private void checkKey(X509Certificate certificate, int depth, boolean anchor) throws WeakCertificateException {
		int bits = keyBits(certificate.getPublicKey());
		if (bits < bits()) {
			throw new WeakCertificateException(certificate, depth, anchor, describeKey(certificate.getPublicKey()),
					bits, this.level, highestLevel(bits));
		}
	}

	private void checkSignature(X509Certificate certificate, int depth) throws WeakCertificateException {
		int bits = signatureBits(certificate);
		if (bits < bits()) {
			throw new WeakCertificateException(certificate, depth, false,
					"the signature algorithm " + signatureName(certificate), bits, this.level, highestLevel(bits));
		}
	}

	private static int highestLevel(int bits) {
		int level = 0;
		while (level + 1 < BITS.length && BITS[level + 1] <= bits) {
			level++;
		}
		return level;
	}

	private static boolean isAnchor(X509Certificate certificate, Map<X500Principal, List<X509Certificate>> anchors) {
		return anchors.getOrDefault(certificate.getSubjectX500Principal(), List.of()).contains(certificate);
	}

	/** The certificate among {@code candidates} that issued {@code certificate}, or {@code null}. */
	private static X509Certificate issuer(X509Certificate certificate, List<X509Certificate> candidates) {
		List<X509Certificate> named = new ArrayList<>();
		for (X509Certificate candidate : candidates) {
			if (candidate != certificate
					&& candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
				named.add(candidate);
			}
		}
		if (named.size() <= 1) {
			return named.isEmpty() ? null : named.get(0);
		}
		for (X509Certificate candidate : named) {
			if (signedBy(certificate, candidate.getPublicKey())) {
				return candidate;
			}
		}
		return named.get(0);
	}

	private static boolean isSelfSigned(X509Certificate certificate) {
		return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
				&& signedBy(certificate, certificate.getPublicKey());
	}

	private static boolean signedBy(X509Certificate certificate, PublicKey key) {
		try {
			certificate.verify(key);
			return true;
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * The bits of security of a public key, as OpenSSL 3.0 counts them.
	 * @param key the key
	 * @return its bits of security, or -1 when the kind of key is unknown
	 */
	public static int keyBits(PublicKey key) {
		if (key instanceof RSAKey rsa) {
			return FiniteField.rsaBits(rsa.getModulus().bitLength());
		}
		if (key instanceof DSAPublicKey dsa) {
			DSAParams params = dsa.getParams();
			return (params != null) ? FiniteField.bits(params.getP().bitLength(), params.getQ().bitLength()) : -1;
		}
		if (key instanceof DHPublicKey dh) {
			return FiniteField.bits(dh.getParams().getP().bitLength(),
					(dh.getParams().getL() > 0) ? dh.getParams().getL() : -1);
		}
		if (key instanceof ECPublicKey ec) {
			return ecBits(ec.getParams().getOrder().bitLength());
		}
		if (key instanceof EdECPublicKey ed) {
			return edwardsBits(ed.getParams());
		}
		if (key instanceof XECPublicKey xec && xec.getParams() instanceof NamedParameterSpec named) {
			return edwardsBits(named);
		}
		return -1;
	}

	private static int ecBits(int orderBits) {
		// NIST SP 800-57 part 1 table 2, as OpenSSL's EC key manager
		return (orderBits >= 512) ? 256 : (orderBits >= 384) ? 192 : (orderBits >= 256) ? 128
				: (orderBits >= 224) ? 112 : (orderBits >= 160) ? 80 : orderBits / 2;
	}

	private static int edwardsBits(NamedParameterSpec curve) {
		String name = curve.getName();
		return ("Ed25519".equalsIgnoreCase(name) || "X25519".equalsIgnoreCase(name)) ? 128
				: ("Ed448".equalsIgnoreCase(name) || "X448".equalsIgnoreCase(name)) ? 224 : -1;
	}

	private static String describeKey(PublicKey key) {
		if (key instanceof RSAKey rsa) {
			return "an RSA key of " + rsa.getModulus().bitLength() + " bits";
		}
		if (key instanceof DSAPublicKey dsa && dsa.getParams() != null) {
			return "a DSA key of " + dsa.getParams().getP().bitLength() + " bits";
		}
		if (key instanceof DHPublicKey dh) {
			return "a DH key of " + dh.getParams().getP().bitLength() + " bits";
		}
		if (key instanceof ECPublicKey ec) {
			return "an EC key of " + ec.getParams().getOrder().bitLength() + " bits";
		}
		return "a " + key.getAlgorithm() + " key";
	}

	/**
	 * The bits of security of a certificate's signature, as OpenSSL 3.0 counts them: half the
	 * digest's bits, SHA-1 63, MD5 39.
	 * @param certificate the certificate
	 * @return the bits of security of its signature, or -1 when the algorithm is unknown
	 */
	public static int signatureBits(X509Certificate certificate) {
		String oid = certificate.getSigAlgOID();
		if ("1.2.840.113549.1.1.10".equals(oid)) {
			String digest = pssDigest(certificate);
			return (digest == null) ? -1 : "SHA-1".equals(digest) ? 64 : digestBits(digest);
		}
		Integer bits = Signatures.BITS.get(oid);
		return (bits != null) ? bits : -1;
	}

	private static String signatureName(X509Certificate certificate) {
		String name = certificate.getSigAlgName();
		if ("1.2.840.113549.1.1.10".equals(certificate.getSigAlgOID())) {
			String digest = pssDigest(certificate);
			return name + " with " + ((digest != null) ? digest : "unknown parameters");
		}
		return name;
	}

	private static String pssDigest(X509Certificate certificate) {
		byte[] encoded = certificate.getSigAlgParams();
		if (encoded == null) {
			return "SHA-1";
		}
		try {
			AlgorithmParameters parameters = AlgorithmParameters.getInstance("RSASSA-PSS");
			parameters.init(encoded);
			String digest = parameters.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm();
			return "SHA1".equalsIgnoreCase(digest) ? "SHA-1" : digest.toUpperCase(java.util.Locale.ROOT);
		}
		catch (GeneralSecurityException | java.io.IOException ex) {
			return null;
		}
	}

	private static int digestBits(String digest) {
		return switch (digest) {
			case "MD5" -> 39;
			case "SHA-224", "SHA-512/224", "SHA3-224" -> 112;
			case "SHA-256", "SHA-512/256", "SHA3-256" -> 128;
			case "SHA-384", "SHA3-384" -> 192;
			case "SHA-512", "SHA3-512" -> 256;
			default -> -1;
		};
	}

	/** The bits of security of certificate signatures, by algorithm OID (RSASSA-PSS apart). */
	private static final class Signatures {

		static final Map<String, Integer> BITS = Map.ofEntries(
				// md2, md4: broken, and unavailable in OpenSSL 3.0's default provider
				Map.entry("1.2.840.113549.1.1.2", 0), Map.entry("1.2.840.113549.1.1.3", 0),
				Map.entry("1.2.840.113549.1.1.4", 39),
				// SHA-1: chosen-prefix collisions at 2^63.4, so OpenSSL 3.0 rates it 63
				Map.entry("1.2.840.113549.1.1.5", 63), Map.entry("1.3.14.3.2.29", 63),
				Map.entry("1.2.840.10040.4.3", 63), Map.entry("1.2.840.10045.4.1", 63),
				Map.entry("1.2.840.113549.1.1.14", 112), Map.entry("1.2.840.113549.1.1.11", 128),
				Map.entry("1.2.840.113549.1.1.12", 192), Map.entry("1.2.840.113549.1.1.13", 256),
				Map.entry("1.2.840.113549.1.1.15", 112), Map.entry("1.2.840.113549.1.1.16", 128),
				Map.entry("1.2.840.10045.4.3.1", 112), Map.entry("1.2.840.10045.4.3.2", 128),
				Map.entry("1.2.840.10045.4.3.3", 192), Map.entry("1.2.840.10045.4.3.4", 256),
				Map.entry("2.16.840.1.101.3.4.3.1", 112), Map.entry("2.16.840.1.101.3.4.3.2", 128),
				Map.entry("2.16.840.1.101.3.4.3.3", 192), Map.entry("2.16.840.1.101.3.4.3.4", 256),
				// SHA-3 with DSA, ECDSA and RSA
				Map.entry("2.16.840.1.101.3.4.3.5", 112), Map.entry("2.16.840.1.101.3.4.3.6", 128),
				Map.entry("2.16.840.1.101.3.4.3.7", 192), Map.entry("2.16.840.1.101.3.4.3.8", 256),
				Map.entry("2.16.840.1.101.3.4.3.9", 112), Map.entry("2.16.840.1.101.3.4.3.10", 128),
				Map.entry("2.16.840.1.101.3.4.3.11", 192), Map.entry("2.16.840.1.101.3.4.3.12", 256),
				Map.entry("2.16.840.1.101.3.4.3.13", 112), Map.entry("2.16.840.1.101.3.4.3.14", 128),
				Map.entry("2.16.840.1.101.3.4.3.15", 192), Map.entry("2.16.840.1.101.3.4.3.16", 256),
				// Ed25519, Ed448
				Map.entry("1.3.101.112", 128), Map.entry("1.3.101.113", 224));

		private Signatures() {
		}

	}

	/** RSA, DSA and DH: OpenSSL 3.0's bits of security for a modulus (and subgroup) size. */
	static final class FiniteField {

		// OpenSSL's fixed-point arithmetic (crypto/rsa/rsa_lib.c), so that the boundaries agree bit for bit
		private static final long SCALE = 1L << 18;

		private static final long CBRT_SCALE = 1L << 12;

		private static final long LOG_2 = 0x02c5c8;

		private static final long LOG_E = 0x05c551;

		private static final long C1_923 = 0x07b126;

		private static final long C4_690 = 0x12c28f;

		private FiniteField() {
		}

		/** An RSA modulus of {@code n} bits: SP 800-56B's estimate, as OpenSSL 3.0 computes it. */
		static int rsaBits(int n) {
			switch (n) {
				case 2048:
					return 112;
				case 3072:
					return 128;
				case 4096:
					return 152;
				case 6144:
					return 176;
				case 7680:
					return 192;
				case 8192:
					return 200;
				case 15360:
					return 256;
				default:
					break;
			}
			if (n >= 687737) {
				return 1200;
			}
			if (n < 8) {
				return 0;
			}
			int cap = (n <= 7680) ? 192 : (n <= 15360) ? 256 : 1200;
			long x = n * LOG_2;
			long lx = logE(x);
			int y = (int) (((multiply(C1_923, cubeRoot(multiply(multiply(x, lx), lx))) - C4_690) / LOG_2) & 0xffff);
			return Math.min((y + 4) & ~7, cap);
		}

		/** DSA and DH: a prime of {@code l} bits and a subgroup of {@code n} bits (-1: unknown). */
		static int bits(int l, int n) {
			int bits = (l >= 15360) ? 256 : (l >= 7680) ? 192 : (l >= 3072) ? 128 : (l >= 2048) ? 112
					: (l >= 1024) ? 80 : 0;
			if (bits == 0 || n == -1) {
				return bits;
			}
			return (n / 2 < 80) ? 0 : Math.min(bits, n / 2);
		}

		private static long multiply(long a, long b) {
			return a * b / SCALE;
		}

		private static long cubeRoot(long x) {
			long r = 0;
			for (int s = 63; s >= 0; s -= 3) {
				r <<= 1;
				long b = 3 * r * (r + 1) + 1;
				if (Long.compareUnsigned(x >>> s, b) >= 0) {
					x -= b << s;
					r++;
				}
			}
			return r * CBRT_SCALE;
		}

		private static long logE(long v) {
			long r = 0;
			while (v >= 2 * SCALE) {
				v >>= 1;
				r += SCALE;
			}
			for (long i = SCALE / 2; i != 0; i /= 2) {
				v = multiply(v, v);
				if (v >= 2 * SCALE) {
					v >>= 1;
					r += i;
				}
			}
			return (r * SCALE) / LOG_E;
		}

	}

}
