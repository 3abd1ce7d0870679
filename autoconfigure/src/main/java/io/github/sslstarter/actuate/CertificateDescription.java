package io.github.sslstarter.actuate;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the health report and the {@code tls} endpoint show of one certificate: public facts
 * only.
 *
 * @param subject the subject's distinguished name (RFC 2253)
 * @param issuer the issuer's distinguished name (RFC 2253)
 * @param subjectAltNames the subjectAltNames as {@code DNS:name}, {@code IP:address}, ...
 * @param notBefore the start of the validity period
 * @param notAfter the end of the validity period
 * @param spki the pin of its public key, {@code sha256/<base64>}, as {@code trust.pins} takes it
 */
public record CertificateDescription(String subject, String issuer, List<String> subjectAltNames, Instant notBefore,
		Instant notAfter, String spki) {

	/** The description of {@code certificate}. */
	public static CertificateDescription of(X509Certificate certificate) {
		return new CertificateDescription(certificate.getSubjectX500Principal().getName(),
				certificate.getIssuerX500Principal().getName(), subjectAltNames(certificate),
				certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(),
				io.github.sslstarter.verify.Pins.spki(certificate));
	}

	/** Whole days from {@code now} until {@link #notAfter()}; negative once expired. */
	public long daysLeft(Instant now) {
		return Duration.between(now, this.notAfter).toDays();
	}

	/** A JSON-friendly view, with the days left counted from {@code now}. */
	public Map<String, Object> toMap(Instant now) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("subject", this.subject);
		map.put("issuer", this.issuer);
		if (!this.subjectAltNames.isEmpty()) {
			map.put("subjectAltNames", this.subjectAltNames);
		}
		map.put("notAfter", this.notAfter.toString());
		map.put("daysLeft", daysLeft(now));
		map.put("spki", this.spki);
		return map;
	}

	private static List<String> subjectAltNames(X509Certificate certificate) {
		Collection<List<?>> names;
		try {
			names = certificate.getSubjectAlternativeNames();
		}
		catch (CertificateParsingException ex) {
			return List.of("unparseable: " + ex.getMessage());
		}
		if (names == null) {
			return List.of();
		}
		List<String> result = new ArrayList<>();
		for (List<?> name : names) {
			Object value = name.get(1);
			result.add(prefix((Integer) name.get(0))
					+ ((value instanceof byte[] encoded) ? "<" + encoded.length + " bytes>" : value));
		}
		return List.copyOf(result);
	}

	// the GeneralName tags of RFC 5280 as OpenSSL prints them
	private static String prefix(int type) {
		return switch (type) {
			case 1 -> "email:";
			case 2 -> "DNS:";
			case 6 -> "URI:";
			case 7 -> "IP:";
			case 4 -> "DirName:";
			case 8 -> "RID:";
			default -> "othername(" + type + "):";
		};
	}

}
