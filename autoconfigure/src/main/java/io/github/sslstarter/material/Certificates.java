package io.github.sslstarter.material;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.ssl.pem.PemContent;

import io.github.sslstarter.material.MaterialException.Problem;

/**
 * Reads X.509 certificates and CRLs from PEM (any number of blocks) or DER. Spring Boot's
 * {@link PemContent} parses certificate PEM; the JDK parses DER and the CRL blocks.
 */
final class Certificates {

	private static final Pattern LABEL = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

	private static final Pattern CRL_BLOCK = Pattern
		.compile("-----BEGIN X509 CRL-----([A-Za-z0-9+/=\\s]*)-----END X509 CRL-----");

	private Certificates() {
	}

	static List<X509Certificate> read(Location location) {
		return parse(location.read(), location.description());
	}

	/** The certificates in {@code bytes}; throws EMPTY when there are none. */
	static List<X509Certificate> parse(byte[] bytes, String location) {
		String text = new String(bytes, StandardCharsets.ISO_8859_1);
		List<X509Certificate> certificates;
		if (PemContent.isPresentInText(text)) {
			List<String> labels = labels(text);
			if (labels.stream().noneMatch((label) -> label.endsWith("CERTIFICATE"))) {
				throw noCertificate(location, labels);
			}
			try {
				certificates = PemContent.of(text).getCertificates();
			}
			catch (RuntimeException ex) {
				throw new MaterialException(Problem.UNPARSEABLE, location, "A CERTIFICATE block is not a valid X.509 certificate",
						"Check the file: openssl x509 -in <file> -noout -text", ex);
			}
		}
		else {
			certificates = der(bytes, location);
		}
		if (certificates.isEmpty()) {
			throw noCertificate(location, List.of());
		}
		return certificates;
	}

	/** Whether the bytes are PEM without any certificate block (a key, a CRL); false for DER. */
	static boolean isPemWithoutCertificate(byte[] bytes) {
		String text = new String(bytes, StandardCharsets.ISO_8859_1);
		return PemContent.isPresentInText(text) && labels(text).stream().noneMatch((label) -> label.endsWith("CERTIFICATE"));
	}

	private static List<X509Certificate> der(byte[] bytes, String location) {
		try {
			Collection<? extends Certificate> parsed = factory()
				.generateCertificates(new ByteArrayInputStream(bytes));
			List<X509Certificate> certificates = new ArrayList<>();
			for (Certificate certificate : parsed) {
				certificates.add((X509Certificate) certificate);
			}
			return certificates;
		}
		catch (CertificateException | ClassCastException ex) {
			throw new MaterialException(Problem.UNPARSEABLE, location,
					"The content is neither PEM nor a DER-encoded X.509 certificate",
					"Give PEM certificates (-----BEGIN CERTIFICATE-----) or one DER certificate", ex);
		}
	}

	static List<X509CRL> readCrls(Location location) {
		return parseCrls(location.read(), location.description());
	}

	static List<X509CRL> parseCrls(byte[] bytes, String location) {
		String text = new String(bytes, StandardCharsets.ISO_8859_1);
		List<X509CRL> crls = new ArrayList<>();
		try {
			if (PemContent.isPresentInText(text)) {
				Matcher matcher = CRL_BLOCK.matcher(text);
				while (matcher.find()) {
					byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
					crls.add((X509CRL) factory().generateCRL(new ByteArrayInputStream(der)));
				}
				if (crls.isEmpty()) {
					throw new MaterialException(Problem.EMPTY, location,
							"No CRL found" + found(labels(text)), "Point the location at a file of X509 CRL blocks");
				}
			}
			else {
				factory().generateCRLs(new ByteArrayInputStream(bytes)).forEach((crl) -> crls.add((X509CRL) crl));
			}
		}
		catch (CRLException | CertificateException | IllegalArgumentException | ClassCastException ex) {
			throw new MaterialException(Problem.UNPARSEABLE, location, "The content is not a valid X.509 CRL (PEM or DER)",
					"Check the file: openssl crl -in <file> -noout -text", ex);
		}
		if (crls.isEmpty()) {
			throw new MaterialException(Problem.EMPTY, location, "No CRL found", "Point the location at a CRL file");
		}
		return crls;
	}

	private static MaterialException noCertificate(String location, List<String> labels) {
		return new MaterialException(Problem.EMPTY, location, "No certificate found" + found(labels),
				"Point the location at a file of certificates (PEM or DER)");
	}

	private static String found(List<String> labels) {
		return labels.isEmpty() ? "" : " (the PEM holds: " + String.join(", ", labels) + ")";
	}

	private static List<String> labels(String text) {
		List<String> labels = new ArrayList<>();
		Matcher matcher = LABEL.matcher(text);
		while (matcher.find()) {
			labels.add(matcher.group(1));
		}
		return labels;
	}

	private static CertificateFactory factory() throws CertificateException {
		return CertificateFactory.getInstance("X.509");
	}

}
