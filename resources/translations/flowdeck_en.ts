<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AlertCenter</name>
    <message>
        <source>Alerts could not be written to the alert log: {error}. They are kept in memory and written as soon as the disk accepts them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlertLogDock</name>
    <message>
        <source>Alert log</source>
        <extracomment>Columns sized to their text; the others are elided and have tooltips.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by code or rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear this view only: the alert log file on disk keeps every alert</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlertLogModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fired at {fired} (this computer&apos;s clock)
Exchange time of the record that fired it: {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At {fired} (this computer&apos;s clock)</source>
        <extracomment>Rows kept in memory; the oldest go first. The file on disk keeps them all. A role answering &quot;code, then rule text&quot;: the dock&apos;s filter matches either.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlertMenu</name>
    <message>
        <source>Alert for {code}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert when {field} {op} …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert on a big trade of {code}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlertText</name>
    <message>
        <source>crosses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>buy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>neutral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crossed above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crossed below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{side} {quantity} @ {price} = {value} at {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{value} at {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> and </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss</source>
        <extracomment>Filled from the theme&apos;s colours of the banner&apos;s level (Theme.banner). A banner&apos;s text, or a function giving it in the language spoken when it is called (such a banner follows a language switch; a plain text stays as it was).</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CellFormat</name>
    <message>
        <source>pre-open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lunch break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{code}: error {number}: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{market} {state}; last update {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last update {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stale: no update for more than {seconds} s while {market} is open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>previous close {price}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last trade {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no flow history: the archive is not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{days} trading days of main inflow in a row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{days} trading days of main outflow in a row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ratio unknown: a day of the window has no known turnover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{known} of {days} trading days archived</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelEditDialog</name>
    <message>
        <source>Alert channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages a minute at most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secrets are stored in the keyring ({backend}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keyring is available: secrets are stored in {path} (readable only by you, not encrypted).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stored in the secrets file (no keyring); type to replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stored in the keyring; type to replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A channel named {name} exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing secret (HMAC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bot token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headers (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeout (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mention (user IDs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mention everyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mention (mobile numbers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security (starttls, tls, none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To (comma-separated)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelsModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not usable: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK, last sent {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failing since {time}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelsPage</name>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send test message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keyring is available: the channels&apos; secrets are kept in {path}, readable only by you but not encrypted. Install a keyring (GNOME Keyring, KWallet) to keep them encrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not valid, kept in the settings file as written: {problems}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove channel {name} and its secrets? Rules that name it will alert on the tray only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending a test message to {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered to {name}. The provider answered: {answer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not delivered to {name}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConditionsBox</name>
    <message>
        <source>and</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After firing, this condition must clear by this much before the rule can fire again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a condition (and)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fire only when every condition holds for the code at the same time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>FlowDeck: unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FlowDeck keeps running. Every error is written to
{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} more error(s) since; see the log.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CurrencySettings</name>
    <message>
        <source>Amount columns over several currencies sort by their value in this currency, and rules can compare in it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 {currency} =</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user</source>
        <comment>a rate&apos;s source: typed in by the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{base} ({source})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DaySwitch</name>
    <message>
        <source>Today · live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} · not archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} · close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} · archived before the close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart the live day again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart the day the window shows again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DaysView</name>
    <message>
        <source>{0}D</source>
        <extracomment>Calendar days read back from the end for the longest range (250 trading days with holidays and weekends fit).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last {0} archived trading days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which net inflow the bars show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No flow archive is open: past days are not kept for this source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No past days archived for {code}. File &gt; Fill past days… or `flowdeck backfill {code}` fills them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>today so far</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeliveryBox</name>
    <message>
        <source>At most once a day for each code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Besides the cooldown: after it fires for a code, not again that exchange day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After this day the rule stays silent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (not in Settings &gt; Channels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tray always; also to the channels ticked:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tray only: add channels (WeCom, DingTalk, e-mail…) in Settings &gt; Channels.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailDock</name>
    <message>
        <source>Inflow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outflow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <extracomment>The legend&apos;s row under the time axis in the plot item&apos;s grid (0 title, 1 top axis, 2 plot, 3 time axis).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail — {0} ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily net inflow from the archive; click a day to chart it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not archived for {0}</source>
        <extracomment>`_drawn_version` once an archived day is drawn (no history version is negative).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No minute series archived (daily numbers only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailTape</name>
    <message>
        <source>Trades</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stock&apos;s big trades today, newest first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailsDialog</name>
    <message>
        <source>Watchlist: details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>stock code must be a string, got {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid stock code {text}: codes are ASCII letters, digits and dots, such as HK.00700</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid stock code {text}: expected MARKET.SYMBOL such as HK.00700</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid stock code {text}: HK symbols are 1-5 digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid stock code {text}: US tickers are 1-6 letters with an optional class suffix such as .B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid stock code {text}: SH symbols are exactly 6 digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid stock code {text}: SZ symbols are exactly 6 digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>code {text} is not in market {market}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{code} is already in the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown market {market}; expected one of {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the source is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown source {url}; known: {known}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the futu:// source needs the futu-api package, which is not installed; install it with: {hint}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this FlowDeck bundle was built without the futu:// source; use a FlowDeck bundle built with the Futu option (python packaging/build.py --futu)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{scheme}: unknown option {option}; known options: {known}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{scheme}: bad port in {url}; expected a number 1-65535 as in {example}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{scheme}: no host in {url}; expected e.g. {example}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{scheme}: no port in {url}; expected e.g. {example}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{scheme}: unexpected path {path} in {url}; expected e.g. {example}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{scheme}: {name} must be a number of seconds &gt; 0, got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{scheme}: {name} must be a number &gt; 0, got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{scheme}: {name} must be an integer, got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>eastmoney: rate must be a number of requests a second, more than 0 and at most {limit}, got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>eastmoney: tls must be 0 or 1, got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>eastmoney: tls applies to a HOST:PORT only, as in {example}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid value: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid code: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source failed: {message}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FlowTableView</name>
    <message>
        <source>Reset columns</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FollowStatus</name>
    <message>
        <source>no codes in the watchlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>East Money refused the request (too frequent?) — retrying at {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next retry at {time}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next retry at {time}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Settings could not be saved: {error}. They are kept in memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter codes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings could not be saved: {error}. Your changes are kept in memory and saved as soon as the disk accepts them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MarketControls</name>
    <message>
        <source>Stocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sectors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Industries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concepts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many codes or sectors to show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N = </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MarketDock</name>
    <message>
        <source>Members of {sector}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Market</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to watchlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All stocks</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MarketText</name>
    <message>
        <source>Hong Kong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>US</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shanghai</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shenzhen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A-shares (SH + SZ)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All markets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>10 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>20 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top (largest first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bottom (smallest first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chg %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>watchlist “{name}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{period} rankings need the flow history: no archive is open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{period} rankings: the flow history cannot be read ({error}); read again at its next update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} {period}, East Money&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sectors known for {scope}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking East Money for its concept boards…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>East Money&apos;s concept boards: {error}; asked again in a minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ranks East Money&apos;s {boards} concept boards by their own flows (a stock is in several; double-click one for its members)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concept boards rank today&apos;s flows only, not {period}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ranks the sectors of {scope} over {period}: {sectors} sectors, {codes} ({known} with past days in the flow history)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your watchlists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} plates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plates {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plate {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ({loaded} of {count} loaded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Over {period}: the {known} of {codes} with past days in the flow history (codes you followed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the followed codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} codes of all markets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} {market} codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ranks {scope}: {codes} ({known} with a value)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading {period} from the flow history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{period} rankings need past days: no code ranked here has a day before today in the flow history (follow codes, or File &gt; Fill past days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} {period} ({covered} of {days} days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ranks the sectors of {scope} on today&apos;s flows: {sectors} sectors, {codes}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the whole simulated market</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the codes in the replay file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the gateway&apos;s whole market</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>East Money&apos;s A-share list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what}, 1 code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what}, {count} codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rate for {currencies} in Settings: the amounts of their {count} codes are unknown here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rate for {currencies} in Settings: their {count} codes are not ranked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated {seconds} s ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the source&apos;s selection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MarketThresholds</name>
    <message>
        <source>each stock&apos;s own currency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold in</source>
        <extracomment>The markets offered, with their edit&apos;s name (A: SH and SZ).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{market}&apos;s own threshold, in its currency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A-shares: SH and SZ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An amount in {currency}, converted to each stock&apos;s currency at the rates in Settings: 5e7, 5000万 or 50M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rate for {currencies}: codes in it are not checked by this rule until File &gt; Settings has one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MatchesModel</name>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Market</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not in the list of known stocks)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageRow</name>
    <message>
        <source>Details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything the last paste or import did</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Notifiers</name>
    <message>
        <source>{n} more alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>They are in the alert log (Open alert log in this menu).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert: {title} — {body}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  (+{n} more in the alert log)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutsideRow</name>
    <message>
        <source>Add to watchlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not in your watchlist: the Market view&apos;s numbers at {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{main} {net} ({ratio}) · turnover {turnover}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No inflow or outflow per tier until it is added to a watchlist.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PastDayDialog</name>
    <message>
        <source>Show a past day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is archived for this source yet: File &gt; Fill past days… or `flowdeck backfill` fills it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The table and charts show the close of {0}, read-only; alerts are off until you go back to live.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No archived close on {0} (days in bold have one).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PastDayMode</name>
    <message>
        <source>Show a &amp;past day…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the table and charts on an archived day&apos;s close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to &amp;live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As of {0} close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PastDayStrip</name>
    <message>
        <source>As of {0} close · read-only · alerts off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reading the archive… {0} of {1} codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of {1} codes have no archived close that day (—)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the live table and charts again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlateButton</name>
    <message>
        <source>Plates ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank the stocks of these plates beside your watchlists&apos; (the source polls them too: every row gets older)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuickSearch</name>
    <message>
        <source>&amp;Find a stock…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find a stock by code, name or pinyin initials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code, name or pinyin: 700, 茅台, gzmt …</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <source>A flow value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One big trade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy or sell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watchlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All watched codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crosses (either way)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An amount in the stock&apos;s currency: 5e7, 5000万, 0.5亿 or 50M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A share of turnover: 12% or 0.12 (from -100% to 100%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trading days in a row: 3 (inflow) or -3 (outflow)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The least value of one trade, in the stock&apos;s currency: 1000万 or 10M. It fires once for each such trade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 5000万 or 50M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 12% or 0.12</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 1000万 or 10M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. HK.00700</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every code the table shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After firing, the value must move back past the threshold by this much before the rule can fire again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The least time between two alerts of this rule for a code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shown with the alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fires on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per market</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hysteresis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cooldown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a stock code, e.g. HK.00700.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no watchlist to choose; create one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a threshold. {hint}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now: no value yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now: {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now: {n} codes, from {low} to {high}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already true now ({value} {op} {threshold}): it fires when it next becomes true.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{codes} and {n} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already true now for {codes}: each fires when the condition next becomes true for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the threshold of condition {n}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The day&apos;s price change from the previous close: 2% or -3.5%. Checked with each update of the code&apos;s flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 2% or -3.5%</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>Watchlist {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All watched codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} rules in the config file could not be loaded:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 rule in the config file could not be loaded:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  … and {n} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>They stay in the file as they are; fix them there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added: {rule}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted {n} rules. Undo delete brings them back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted 1 rule. Undo delete brings it back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed: {rule}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RulesModel</name>
    <message>
        <source>On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hysteresis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cooldown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On: alerts fire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off: kept but silent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sends to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not in Settings &gt; Channels: {names}. The rule keeps them; alerts skip them until they are added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{rule} (expired {day})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{rule} (until {day})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{cooldown}, once a day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tray</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SectorRow</name>
    <message>
        <source>Sector: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no sector known for {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>main net of the {n} of its {listed} members followed here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>main net of the {n} members followed here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw the sector&apos;s main net inflow over the day: the sum of its members this window follows</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Automatic (by language)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>万 / 亿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (red up in Simplified Chinese, else green up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Red up, green down (mainland China)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Green up, red down (Hong Kong, US)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By market (red up for SH/SZ rows only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (system language)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (system)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FlowDeck settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Big trades</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A row of an open market with no update for this long is shown as stale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stale after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stale data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sim, sim?speed=20&amp;seed=7, gateway://host:port[?token=T], futu://host:port (Futu OpenD), eastmoney:// (East Money&apos;s public A-share numbers, no account)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base currency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved in {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running: {running} (--source override; saved: {saved})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SortCurrency</name>
    <message>
        <source>Sorted by value in {base}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rates: {rates}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Older than {days} days: {currencies} (File &gt; Settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rate for {currencies}: those rows sort after the others, in their own currency (File &gt; Settings)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StaleSettingsPage</name>
    <message>
        <source>One alert when the source is down, or codes of an open market have had no update for this long, and one when the data comes back; never during lunch breaks or when the market is closed. They are kept in the alert log and go to the channels checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert when data goes stale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No update for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (not configured)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No channels yet: add them on the Channels page; alerts still go to the alert log.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>open</source>
        <extracomment>The theme&apos;s message colour (Theme.role) of each connection state.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pre-open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lunch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>East Money numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>East Money&apos;s own published numbers: they size both sides of every trade, so the tiers&apos; net inflows sum to zero. Not comparable with FlowDeck&apos;s or Futu&apos;s numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIMULATED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synthetic data from the built-in market simulator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last: {time} ({code})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{code} {time} (exchange time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fresh: oldest {oldest} s · median {median} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fresh: waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · {n} waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{code}: {seconds} s ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{code}: not yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds since each row was refreshed (the source&apos;s request quota sets the pace), oldest first:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} upd/s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TapeControls</name>
    <message>
        <source>Watchlist only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only trades worth at least this much, in the stock&apos;s own currency: 1000万, 10M, 5e6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Either side</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TapeDock</name>
    <message>
        <source>{kept} big trades kept today, {dropped} older ones dropped by the caps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Big trades</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tape keeps each code&apos;s last trades of the day and a number in all (Settings › Big trades)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TapeSettingsPage</name>
    <message>
        <source>Line {line}: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line {line}: {code} needs a minimum value after it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what}: “{text}” is not an amount of 0 or more (such as 5e6, 500万 or 5M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A trade is big when its value (price × quantity, in the stock&apos;s currency) is at least its code&apos;s minimum, else its market&apos;s. Blank: the market&apos;s default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{market} minimum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One a line: HK.00700 1000万</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept per code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept in all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tape keeps each code&apos;s last trades of the day, this many</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>... and this many in all; the oldest go first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TapeText</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>↑ {count} new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no quote rights for {market} pushes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>beyond the subscription quota</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No big trades from {count} followed codes: {codes}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts paused until resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts paused until {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open alert log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show window</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Undelivered</name>
    <message>
        <source>Not delivered to {channel} in time: {rule}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused by {channel}: {rule}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WatchlistDock</name>
    <message>
        <source>Text files (*.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added {n} codes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added 1 code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} already in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid: {entry}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} invalid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} lines without a code skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 line without a code skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added ({n}):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already in the list, ignored ({n}):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid codes ({n}):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines without a code, skipped ({n}):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  … and {n} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watchlists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The active watchlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a watchlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename this watchlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete this watchlist (Undo brings it back)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo the last watchlist edit (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected codes (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the codes on the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the codes of a text or CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this list, one code per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add codes, names or pinyin: 700, 茅台, gzmt …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} codes, {k} invalid; Enter adds the valid ones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} codes; Enter adds the valid ones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed {codes}. Ctrl+Z undoes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted the watchlist {name}. Undo brings it back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New watchlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename watchlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {n} codes to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export codes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowAlerts</name>
    <message>
        <source>Pause for 15 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause for 1 hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause until resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The alert log could not be read: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} line(s) of today&apos;s alert log {path} could not be read and were skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FlowDeck is still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts keep coming here. Quit from this icon&apos;s menu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{code} is not in the active watchlist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Manage rules…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New rule…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule saved. {warning}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (and {n} more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} alert rule(s) in the config file could not be loaded and are kept there unchanged: {problems}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowChannels</name>
    <message>
        <source>No keyring is available: the alert channels&apos; secrets are kept in {path}, readable only by you but not encrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secrets typed into the settings file for {names} were moved to {where} and taken out of the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secrets typed into the settings file could not be moved out of it: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowDelivery</name>
    <message>
        <source>Alerts for the channels beyond the tray cannot be written to the outbox: {error}. They are kept in memory and written as soon as the disk accepts them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts cannot be delivered to {name} since {since}: {error}. They are kept and retried.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts cannot go to channels beyond the tray: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowHistory</name>
    <message>
        <source>Fill &amp;past days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last {0} trading days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop filling past days (what is saved stays)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The flow history cannot be opened ({0}); today&apos;s numbers stay on screen but are not archived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The flow history {0} could not be read; it was moved to {1} and a new history started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The flow history cannot be saved ({0}); today&apos;s numbers are kept and saving is tried again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This source keeps no flow history here yet: past days come from the simulator or a replay file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filling past days stopped: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Past days: %v of %m</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Zones</name>
    <message>
        <source>HKT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EST</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EDT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beijing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
