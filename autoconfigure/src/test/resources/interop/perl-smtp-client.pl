# An SMTP client's STARTTLS half on IO::Socket::SSL: greeting, EHLO, STARTTLS if offered, then TLS
# (start_SSL, verified for localhost), a line, and a RESULT line with the answer.
# Arguments: port, CA file, version (TLSv1_2, TLSv1_3), line.
use strict;
use IO::Socket::SSL;
use IO::Socket::INET;
my ($port, $ca, $version, $line) = @ARGV;
my $c = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port, Timeout => 10) or die "connect: $!\n";
$c->autoflush(1);
my $greeting = <$c>;
die "no 220 greeting: $greeting" unless $greeting =~ /^220[ -]/;
print $c "EHLO perl.test\r\n";
my $starttls = 0;
while (my $reply = <$c>) {
    die "no 250 reply to EHLO: $reply" unless $reply =~ /^250([ -])(.*?)\r?\n$/;
    $starttls = 1 if uc($2) eq 'STARTTLS';
    last if $1 eq ' ';
}
die "STARTTLS not offered\n" unless $starttls;
print $c "STARTTLS\r\n";
my $ready = <$c>;
die "no 220 reply to STARTTLS: $ready" unless $ready =~ /^220 /;
IO::Socket::SSL->start_SSL($c, SSL_ca_file => $ca, SSL_verify_mode => SSL_VERIFY_PEER, SSL_verifycn_scheme => 'smtp',
    SSL_verifycn_name => 'localhost', SSL_hostname => 'localhost', SSL_version => $version, Timeout => 10)
    or die "start_SSL: $SSL_ERROR\n";
print $c "$line\n";
my $echo = <$c>;
chomp $echo if defined $echo;
printf "RESULT version=%s echo=%s\n", $c->get_sslversion, $echo // '-';
close $c;
