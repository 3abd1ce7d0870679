package io.github.sslstarter.verify;

import java.lang.ref.WeakReference;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * The names a certificate presents, read and checked once. A small cache keyed by certificate
 * identity keeps repeated checks of the same certificate (every connection to one server) from
 * re-parsing its subjectAltNames; X509Certificate instances are immutable, so identity is safe.
 */
final class CertificateNames {

	private static final int CACHE_SIZE = 64;

	// racy on purpose: entries are immutable and a lost update only costs a re-parse
	private static final Entry[] cache = new Entry[CACHE_SIZE];

	private static final NamePattern[] NO_PATTERNS = {};

	private static final byte[][] NO_ADDRESSES = {};

	final String commonName;

	final List<SubjectAltName> subjectAltNames;

	final NamePattern[] dnsNames;

	final byte[][] ipAddresses;

	// whether the certificate carries any dNSName at all, usable or not ("when_only" schemes)
	final boolean hasDnsNames;

	final NamePattern commonNamePattern;

	// the CN read as an IP literal, or null
	final byte[] commonNameAddress;

	final List<String> presentedNames;

	private CertificateNames(String commonName, List<SubjectAltName> subjectAltNames) {
		this.commonName = commonName;
		this.subjectAltNames = subjectAltNames;
		List<NamePattern> dns = new ArrayList<>();
		List<byte[]> addresses = new ArrayList<>();
		List<String> presented = new ArrayList<>();
		for (SubjectAltName name : subjectAltNames) {
			if (name.type() == SubjectAltName.Type.DNS) {
				dns.add(NamePattern.of(name.value()));
				presented.add(name.value());
			}
			else if (name.type() == SubjectAltName.Type.IP) {
				byte[] address = IpLiterals.parse(name.value());
				if (address != null) {
					addresses.add(address);
				}
				presented.add(name.value());
			}
		}
		this.hasDnsNames = !dns.isEmpty();
		this.dnsNames = dns.toArray(NO_PATTERNS);
		this.ipAddresses = addresses.toArray(NO_ADDRESSES);
		this.commonNamePattern = NamePattern.of(commonName);
		this.commonNameAddress = (commonName != null) ? IpLiterals.parse(commonName) : null;
		if (commonName != null) {
			presented.add("CN=" + commonName);
		}
		this.presentedNames = List.copyOf(presented);
	}

	/** The names of {@code certificate}, from the cache when this very instance was seen lately. */
	static CertificateNames of(X509Certificate certificate) {
		int slot = System.identityHashCode(certificate) & (CACHE_SIZE - 1);
		Entry entry = cache[slot];
		if (entry != null && entry.certificate.get() == certificate) {
			return entry.names;
		}
		CertificateNames names = read(certificate);
		cache[slot] = new Entry(certificate, names);
		return names;
	}

	static CertificateNames read(X509Certificate certificate) {
		return new CertificateNames(SubjectNames.commonName(certificate.getSubjectX500Principal()),
				subjectAltNames(certificate));
	}

	static List<SubjectAltName> subjectAltNames(X509Certificate certificate) {
		Collection<List<?>> entries;
		try {
			entries = certificate.getSubjectAlternativeNames();
		}
		catch (CertificateParsingException | RuntimeException ex) {
			// an unreadable extension presents no names, so nothing can match it; the JDK throws an
			// unchecked exception for some (an iPAddress of 32 bytes whose mask is not contiguous)
			return List.of();
		}
		if (entries == null) {
			return List.of();
		}
		List<SubjectAltName> names = new ArrayList<>(entries.size());
		for (List<?> entry : entries) {
			if (entry.size() < 2 || !(entry.get(0) instanceof Integer kind)) {
				continue;
			}
			Object value = entry.get(1);
			String text = (value instanceof byte[] bytes) ? "#" + HexFormat.of().formatHex(bytes) : String.valueOf(value);
			names.add(new SubjectAltName(type(kind), text));
		}
		return Collections.unmodifiableList(names);
	}

	private static SubjectAltName.Type type(int kind) {
		switch (kind) {
			case 1:
				return SubjectAltName.Type.EMAIL;
			case 2:
				return SubjectAltName.Type.DNS;
			case 6:
				return SubjectAltName.Type.URI;
			case 7:
				return SubjectAltName.Type.IP;
			default:
				return SubjectAltName.Type.OTHER;
		}
	}

	private static final class Entry {

		// weak, so that the cache never keeps a certificate alive
		final WeakReference<X509Certificate> certificate;

		final CertificateNames names;

		Entry(X509Certificate certificate, CertificateNames names) {
			this.certificate = new WeakReference<>(certificate);
			this.names = names;
		}

	}

}
