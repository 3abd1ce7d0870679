package io.github.sslstarter.spec;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The keywords of OpenSSL's cipher-string language (ciphers(1)), each as a test on a
 * {@link CipherSuite}: those of OpenSSL 3.x, and those OpenSSL had before and dropped (EXP,
 * SSLv2, KRB5, FZA, kDHr, ...), which OpenSSL 3 ignores. A dropped keyword keeps its old meaning
 * over the suites OpenSSL dropped with it, so that it never selects a suite OpenSSL 3 would not
 * select. Keywords whose algorithms neither OpenSSL 3 nor JSSE has (GOST, IDEA, ...) are known and
 * match nothing the JVM offers. The names and their sources are listed in the test resource
 * {@code openssl-cipher-names.tsv}.
 */
final class CipherKeywords {

	/** A keyword's test, and whether it belongs to the words OpenSSL dropped before 3.0. */
	record Keyword(Predicate<CipherSuite> test, boolean legacy) {
	}

	private static final Map<String, Keyword> KEYWORDS = new HashMap<>();

	/** Keywords OpenSSL knows that cannot mean anything for JSSE: refused with the reason. */
	private static final Map<String, String> REFUSED = Map.of("SUITEB128",
			"Suite B mode (RFC 6460) is not available in JSSE; use "
					+ "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384 with named-groups secp256r1:secp384r1",
			"SUITEB128ONLY", "Suite B mode (RFC 6460) is not available in JSSE; use ECDHE-ECDSA-AES128-GCM-SHA256",
			"SUITEB128C2", "Suite B mode (RFC 6460) is not available in JSSE; use ECDHE-ECDSA-AES256-GCM-SHA384",
			"SUITEB192", "Suite B mode (RFC 6460) is not available in JSSE; use ECDHE-ECDSA-AES256-GCM-SHA384",
			"FIPS", "JSSE has no FIPS cipher filter; run the JVM with a FIPS-validated provider instead");

	private static final Set<String> AES = Set.of("AES", "AESGCM", "AESCCM", "AESCCM8");

	private static final Set<String> CBC = Set.of("AES", "Camellia", "3DES", "DES", "IDEA", "SEED", "RC2");

	static {
		// OpenSSL 3.x: the cipher_aliases table of ssl/ssl_ciph.c.
		current(kx("RSA"), "kRSA");
		current(kx("RSA").and(au("RSA")), "RSA");
		current(kx("DH"), "kDHE", "kEDH", "DH");
		current(kx("DH").and(authenticated()), "DHE", "EDH");
		current(kx("DH").and(au("None")), "ADH");
		current(kx("ECDH"), "kECDHE", "kEECDH", "ECDH");
		current(kx("ECDH").and(authenticated()), "ECDHE", "EECDH");
		current(kx("ECDH").and(au("None")), "AECDH");
		current(kx("PSK"), "kPSK");
		current(kx("RSAPSK"), "kRSAPSK");
		current(kx("DHEPSK"), "kDHEPSK");
		current(kx("ECDHEPSK"), "kECDHEPSK");
		current(kx("PSK").or(kx("RSAPSK")).or(kx("DHEPSK")).or(kx("ECDHEPSK")), "PSK");
		current(kx("SRP"), "kSRP", "SRP");
		current(kx("GOST"), "kGOST");
		current(kx("GOST18"), "kGOST18");
		current(au("RSA"), "aRSA");
		current(au("DSS"), "aDSS", "DSS");
		current(au("ECDSA"), "aECDSA", "ECDSA");
		current(au("None"), "aNULL");
		current(au("PSK"), "aPSK");
		current(au("SRP"), "aSRP");
		current(au("GOST01"), "aGOST01");
		current(au("GOST12"), "aGOST12");
		current(au("GOST01").or(au("GOST12")), "aGOST");
		current((s) -> s.known() && !"None".equals(s.enc()), "ALL");
		current(enc("None"), "COMPLEMENTOFALL", "eNULL", "NULL");
		current((s) -> s.known() && !s.inDefault(), "COMPLEMENTOFDEFAULT");
		current(level("HIGH"), "HIGH");
		current(level("MEDIUM"), "MEDIUM");
		current(level("LOW"), "LOW");
		current(version("TLSv1.2"), "TLSv1.2");
		current(version("TLSv1"), "TLSv1.0", "TLSv1");
		current(version("SSLv3"), "SSLv3");
		current((s) -> AES.contains(s.enc()), "AES");
		current(((Predicate<CipherSuite>) (s) -> AES.contains(s.enc())).and(bits(128)), "AES128");
		current(((Predicate<CipherSuite>) (s) -> AES.contains(s.enc())).and(bits(256)), "AES256");
		current(enc("AESGCM"), "AESGCM");
		current(enc("AESCCM").or(enc("AESCCM8")), "AESCCM");
		current(enc("AESCCM8"), "AESCCM8");
		current(enc("ARIAGCM").or(enc("ARIA")), "ARIA");
		current(enc("ARIAGCM").or(enc("ARIA")).and(bits(128)), "ARIA128");
		current(enc("ARIAGCM").or(enc("ARIA")).and(bits(256)), "ARIA256");
		current(enc("ARIAGCM"), "ARIAGCM");
		current(enc("Camellia"), "CAMELLIA");
		current(enc("Camellia").and(bits(128)), "CAMELLIA128");
		current(enc("Camellia").and(bits(256)), "CAMELLIA256");
		current(enc("CHACHA20/POLY1305"), "CHACHA20");
		current(enc("3DES"), "3DES");
		current(enc("RC4"), "RC4");
		current(enc("RC2"), "RC2");
		current(enc("IDEA"), "IDEA");
		current(enc("SEED"), "SEED");
		current(enc("GOST89").or(enc("MAGMA")).or(enc("KUZNYECHIK")), "GOST89");
		current((s) -> CBC.contains(s.enc()), "CBC");
		current(mac("MD5"), "MD5");
		current(mac("SHA1"), "SHA1", "SHA");
		current(mac("SHA256"), "SHA256");
		current(mac("SHA384"), "SHA384");
		current(mac("GOST94"), "GOST94");
		current(mac("GOST89"), "GOST89MAC");
		current(mac("GOST2012"), "GOST12");
		// Dropped before 3.0 (cipher_aliases of 1.0.2 and 0.9.8, SSL_TXT_* of their ssl.h).
		legacy(level("EXP40").or(level("EXP56")), "EXP", "EXPORT");
		legacy(level("EXP40"), "EXPORT40");
		legacy(level("EXP56"), "EXPORT56");
		legacy(version("SSLv2"), "SSLv2");
		legacy(kx("KRB5").and(au("KRB5")), "KRB5");
		legacy(kx("KRB5"), "kKRB5");
		legacy(au("KRB5"), "aKRB5");
		legacy(kx("DHr"), "kDHr");
		legacy(kx("DHd"), "kDHd");
		legacy(kx("DHr").or(kx("DHd")), "kDH");
		legacy(au("DH"), "aDH");
		legacy(kx("ECDHr"), "kECDHr");
		legacy(kx("ECDHe"), "kECDHe");
		legacy(kx("ECDHr").or(kx("ECDHe")), "kECDH");
		legacy(au("ECDH"), "aECDH");
		legacy(kx("ECDHr").or(kx("ECDHe")).or(kx("ECDH")), "ECCdraft");
		legacy(kx("FZA"), "FZA", "kFZA");
		legacy(au("FZA"), "aFZA");
		legacy(enc("FZA"), "eFZA");
		legacy(au("GOST94"), "aGOST94");
		legacy(enc("DES"), "DES");
		// Defined in ssl.h as cipher-string texts but never in an alias table: OpenSSL ignores them.
		legacy((s) -> false, "TLSv1.1", "GOST89MAC12");
	}

	private CipherKeywords() {
	}

	/** The keyword {@code keyword}, or null when it is not one. */
	static Keyword keyword(String keyword) {
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

	private static void current(Predicate<CipherSuite> test, String... names) {
		for (String name : names) {
			KEYWORDS.put(name, new Keyword(test, false));
		}
	}

	private static void legacy(Predicate<CipherSuite> test, String... names) {
		for (String name : names) {
			KEYWORDS.put(name, new Keyword(test, true));
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

	private static Predicate<CipherSuite> level(String level) {
		return (s) -> level.equals(s.level());
	}

	private static Predicate<CipherSuite> version(String version) {
		return (s) -> version.equals(s.minVersion());
	}

}
