# A TLS client on IO::Socket::SSL for the interop matrix: connects $count times with one session
# cache, sends a line, reads the answer and prints a RESULT line for each connection.
# Arguments: port, CA file, version (TLSv1_2, TLSv1_3), ALPN name or "-", SNI name,
# client certificate or "-", its key or "-", count, line.
use strict;
use IO::Socket::SSL;
my ($port, $ca, $version, $alpn, $sni, $cert, $key, $count, $line) = @ARGV;
# one context for all connections: IO::Socket::SSL resumes sessions only within a context
my $context = IO::Socket::SSL::SSL_Context->new(SSL_ca_file => $ca, SSL_verify_mode => SSL_VERIFY_PEER,
    SSL_version => $version, ($alpn ne '-' ? (SSL_alpn_protocols => [$alpn]) : ()),
    ($cert ne '-' ? (SSL_cert_file => $cert, SSL_key_file => $key) : ()),
    SSL_session_cache_size => 4) or die "context: $SSL_ERROR\n";
$| = 1;
for my $i (1 .. $count) {
    my $s = IO::Socket::SSL->new(PeerAddr => '127.0.0.1', PeerPort => $port, Timeout => 10,
        SSL_reuse_ctx => $context, SSL_verifycn_scheme => 'http', SSL_verifycn_name => 'localhost',
        SSL_hostname => $sni, SSL_session_key => "matrix:$port")
        or die "connect failed: $SSL_ERROR\n";
    print $s "$line\n";
    my $echo = <$s>;
    chomp $echo if defined $echo;
    printf "RESULT %d version=%s alpn=%s reused=%d echo=%s\n", $i, $s->get_sslversion, $s->alpn_selected // '-',
        $s->get_session_reused ? 1 : 0, $echo // '-';
    close $s;
}
