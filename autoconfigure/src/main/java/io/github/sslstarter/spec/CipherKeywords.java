package io.github.sslstarter.spec;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The keywords of OpenSSL 3.0's cipher-string language (ciphers(1)), each as a test on a
 * {@link CipherSuite}. Keywords whose algorithms this OpenSSL build lacks (RC4, 3DES, GOST, ...)
 * are known and simply match nothing, as in OpenSSL.
 */
final class CipherKeywords {

	private static final Map<String, Predicate<CipherSuite>> KEYWORDS = new HashMap<>();

	/** Keywords OpenSSL knows that cannot mean anything for JSSE: refused with the reason. */
	private static final Map<String, String> REFUSED = Map.of("SUITEB128",
			"Suite B mode (RFC 6460) is not available in JSSE; use "
					+ "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384 with named-groups secp256r1:secp384r1",
			"SUITEB128ONLY", "Suite B mode (RFC 6460) is not available in JSSE; use ECDHE-ECDSA-AES128-GCM-SHA256",
			"SUITEB192", "Suite B mode (RFC 6460) is not available in JSSE; use ECDHE-ECDSA-AES256-GCM-SHA384",
			"FIPS", "JSSE has no FIPS cipher filter; run the JVM with a FIPS-validated provider instead");

	private static final Set<String> AES = Set.of("AES", "AESGCM", "AESCCM", "AESCCM8");

	private static final Set<String> CBC = Set.of("AES", "Camellia", "3DES", "DES", "IDEA", "SEED", "RC2");

	static {
		define(kx("RSA"), "kRSA", "RSA");
		define(kx("DH"), "kDHE", "kEDH", "DH");
		define(kx("DH").and(authenticated()), "DHE", "EDH");
		define(kx("DH").and(au("None")), "ADH");
		define(kx("ECDH"), "kECDHE", "kEECDH", "ECDH");
		define(kx("ECDH").and(authenticated()), "ECDHE", "EECDH");
		define(kx("ECDH").and(au("None")), "AECDH");
		define(kx("PSK"), "kPSK");
		define(kx("RSAPSK"), "kRSAPSK");
		define(kx("DHEPSK"), "kDHEPSK");
		define(kx("ECDHEPSK"), "kECDHEPSK");
		define(kx("PSK").or(kx("RSAPSK")).or(kx("DHEPSK")).or(kx("ECDHEPSK")), "PSK");
		define(kx("SRP"), "kSRP", "SRP");
		define(au("RSA"), "aRSA");
		define(au("DSS"), "aDSS", "DSS");
		define(au("ECDSA"), "aECDSA", "ECDSA");
		define(au("None"), "aNULL");
		define(au("PSK"), "aPSK");
		define(au("SRP"), "aSRP");
		define((s) -> s.known() && !"None".equals(s.enc()), "ALL");
		define(enc("None"), "COMPLEMENTOFALL", "eNULL", "NULL");
		define((s) -> s.known() && !s.inDefault(), "COMPLEMENTOFDEFAULT");
		define((s) -> "HIGH".equals(s.level()), "HIGH");
		define((s) -> "MEDIUM".equals(s.level()), "MEDIUM");
		define((s) -> "LOW".equals(s.level()), "LOW");
		define(version("TLSv1.2"), "TLSv1.2");
		define(version("TLSv1"), "TLSv1.0", "TLSv1");
		define(version("SSLv3"), "SSLv3");
		define((s) -> AES.contains(s.enc()), "AES");
		define(((Predicate<CipherSuite>) (s) -> AES.contains(s.enc())).and(bits(128)), "AES128");
		define(((Predicate<CipherSuite>) (s) -> AES.contains(s.enc())).and(bits(256)), "AES256");
		define(enc("AESGCM"), "AESGCM");
		define(enc("AESCCM").or(enc("AESCCM8")), "AESCCM");
		define(enc("AESCCM8"), "AESCCM8");
		define(enc("ARIAGCM").or(enc("ARIA")), "ARIA");
		define(enc("ARIAGCM").or(enc("ARIA")).and(bits(128)), "ARIA128");
		define(enc("ARIAGCM").or(enc("ARIA")).and(bits(256)), "ARIA256");
		define(enc("ARIAGCM"), "ARIAGCM");
		define(enc("Camellia"), "CAMELLIA");
		define(enc("Camellia").and(bits(128)), "CAMELLIA128");
		define(enc("Camellia").and(bits(256)), "CAMELLIA256");
		define(enc("CHACHA20/POLY1305"), "CHACHA20");
		define(enc("3DES"), "3DES");
		define(enc("DES"), "DES");
		define(enc("RC4"), "RC4");
		define(enc("RC2"), "RC2");
		define(enc("IDEA"), "IDEA");
		define(enc("SEED"), "SEED");
		define((s) -> CBC.contains(s.enc()), "CBC");
		define(mac("MD5"), "MD5");
		define(mac("SHA1"), "SHA1", "SHA");
		define(mac("SHA256"), "SHA256");
		define(mac("SHA384"), "SHA384");
		// GOST needs an engine this OpenSSL (and every JSSE provider here) lacks: known, matches nothing.
		define((s) -> false, "aGOST", "aGOST01", "aGOST12", "kGOST", "kGOST18", "GOST94", "GOST89MAC", "GOST12",
				"GOST89", "MAGMA", "KUZNYECHIK");
	}

	private CipherKeywords() {
	}

	/** The test for {@code keyword}, or null when it is not a keyword. */
	static Predicate<CipherSuite> keyword(String keyword) {
		return KEYWORDS.get(keyword);
	}

	/** Why {@code keyword} is refused, or null. */
	static String refusal(String keyword) {
		return REFUSED.get(keyword);
	}

	/** A keyword that differs from {@code word} only in case, or null. */
	static String caseInsensitiveMatch(String word) {
		for (String keyword : KEYWORDS.keySet()) {
			if (keyword.equalsIgnoreCase(word)) {
				return keyword;
			}
		}
		return null;
	}

	private static void define(Predicate<CipherSuite> test, String... names) {
		for (String name : names) {
			KEYWORDS.put(name, test);
		}
	}

	private static Predicate<CipherSuite> kx(String kx) {
		return (s) -> kx.equals(s.kx());
	}

	private static Predicate<CipherSuite> au(String au) {
		return (s) -> au.equals(s.au());
	}

	private static Predicate<CipherSuite> authenticated() {
		return (s) -> !"None".equals(s.au());
	}

	private static Predicate<CipherSuite> enc(String enc) {
		return (s) -> enc.equals(s.enc());
	}

	private static Predicate<CipherSuite> bits(int bits) {
		return (s) -> s.bits() == bits;
	}

	private static Predicate<CipherSuite> mac(String mac) {
		return (s) -> mac.equals(s.mac());
	}

	private static Predicate<CipherSuite> version(String version) {
		return (s) -> version.equals(s.minVersion());
	}

}
