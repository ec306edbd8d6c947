<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sl_SI" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>&amp;My name:</source>
        <translation>&amp;Moje ime:</translation>
    </message>
    <message>
        <source>Your name as the bookkeeper key holds it: the client list's Mine filter.</source>
        <translation>Vaše ime, kot ga hrani ključ knjigovodje: filter Moje na seznamu strank.</translation>
    </message>
    <message>
        <source>My name as bookkeeper</source>
        <translation>Moje ime kot knjigovodje</translation>
    </message>
    <message>
        <source>&amp;Bookkeeper key:</source>
        <translation>Ključ &amp;knjigovodje:</translation>
    </message>
    <message>
        <source>The client metadata key that names the client's bookkeeper.</source>
        <translation>Ključ metapodatkov stranke, ki pove, kdo je njen knjigovodja.</translation>
    </message>
    <message>
        <source>Metadata key of the bookkeeper</source>
        <translation>Ključ metapodatkov za knjigovodjo</translation>
    </message>
    <message>
        <source>Last invoice, as Space Invoices rendered it</source>
        <translation>Zadnji račun, kot ga je izdelal Space Invoices</translation>
    </message>
    <message>
        <source>The app's preview of an invoice in this branding</source>
        <translation>Predogled računa v tej celostni podobi, ki ga nariše aplikacija</translation>
    </message>
    <message>
        <source>Primary colour %1, contrast %2:1 against white</source>
        <translation>Glavna barva %1, kontrast %2:1 proti beli</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>Brez logotipa</translation>
    </message>
    <message>
        <source>no logo</source>
        <translation>brez logotipa</translation>
    </message>
    <message>
        <source>low contrast %1:1</source>
        <translation>nizek kontrast %1:1</translation>
    </message>
    <message>
        <source>Branding wall</source>
        <translation>Stena celostnih podob</translation>
    </message>
    <message>
        <source>Every client's invoice: the last one as Space Invoices rendered it where this computer has its PDF, else the app's preview in the client's branding. Low contrast: the primary colour against white is below WCAG AA (4.5:1). Click a client to open its Branding page.</source>
        <translation>Račun vsake stranke: zadnji, kot ga je izdelal Space Invoices, kjer ima ta računalnik njegov PDF, sicer predogled aplikacije v celostni podobi stranke. Nizek kontrast: glavna barva ima proti beli manj, kot zahteva WCAG AA (4,5:1). Kliknite stranko, da odprete njeno stran Celostna podoba.</translation>
    </message>
    <message>
        <source>Find a client</source>
        <translation>Poišči stranko</translation>
    </message>
    <message>
        <source>No &amp;logo</source>
        <translation>Brez &amp;logotipa</translation>
    </message>
    <message>
        <source>Low &amp;contrast</source>
        <translation>Nizek &amp;kontrast</translation>
    </message>
    <message>
        <source>Primary colour below %1:1 against white (WCAG AA)</source>
        <translation>Glavna barva pod %1:1 proti beli (WCAG AA)</translation>
    </message>
    <message>
        <source>&amp;Template</source>
        <translation>&amp;Predloga</translation>
    </message>
    <message>
        <source>C&amp;ountry</source>
        <translation>&amp;Država</translation>
    </message>
    <message>
        <source>Every client's invoice</source>
        <translation>Račun vsake stranke</translation>
    </message>
    <message>
        <source>Reading the clients…</source>
        <translation>Berem stranke…</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Vse</translation>
    </message>
    <message>
        <source>%1 of %2 clients shown</source>
        <translation>Prikazanih %1 od %2 strank</translation>
    </message>
    <message>
        <source>Space Invoices</source>
        <translation>Space Invoices</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Ta računalnik</translation>
    </message>
    <message>
        <source>the client's own numbering (no business unit)</source>
        <translation>lastno številčenje stranke (brez poslovne enote)</translation>
    </message>
    <message>
        <source>No year in the format: on 1 January numbering continues at %1 instead of restarting at 1.</source>
        <translation>Oblika nima leta: 1. januarja se številčenje nadaljuje pri %1, namesto da bi se začelo znova pri 1.</translation>
    </message>
    <message>
        <source>Can give the same numbers as %1: give each its own format, or add {u} to the business units' format.</source>
        <translation>Lahko da enake številke kot %1: vsakemu določite svojo obliko ali v obliko poslovnih enot dodajte {u}.</translation>
    </message>
    <message>
        <source>First number %1 is configured, but %2 was already issued: the setting has no effect.</source>
        <translation>Nastavljena je prva številka %1, izdana pa je bila že %2: nastavitev nima učinka.</translation>
    </message>
    <message>
        <source>No year: continues at %1</source>
        <translation>Brez leta: nadaljuje pri %1</translation>
    </message>
    <message>
        <source>First number %1 is below issued %2</source>
        <translation>Prva številka %1 je pod izdano %2</translation>
    </message>
    <message>
        <source>Same numbers as: %1</source>
        <translation>Enake številke kot: %1</translation>
    </message>
    <message>
        <source>not read yet</source>
        <translation>še ni prebrano</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>še nobena</translation>
    </message>
    <message>
        <source>Restarts at 1</source>
        <translation>Znova od 1</translation>
    </message>
    <message>
        <source>Continues</source>
        <translation>Nadaljuje</translation>
    </message>
    <message>
        <source>Documents of %1 in this computer's copy</source>
        <translation>Dokumenti leta %1 v kopiji na tem računalniku</translation>
    </message>
    <message>
        <source>This client's documents have not been read on this computer yet.</source>
        <translation>Dokumenti te stranke na tem računalniku še niso bili prebrani.</translation>
    </message>
    <message>
        <source>Read from Space Invoices' counter (its next number, less one).</source>
        <translation>Prebrano iz števca Space Invoices (njegova naslednja številka, manj ena).</translation>
    </message>
    <message>
        <source>From the documents in this computer's copy: Space Invoices could not be asked.</source>
        <translation>Iz dokumentov v kopiji na tem računalniku: Space Invoices ni bilo mogoče vprašati.</translation>
    </message>
    <message>
        <source>Neither Space Invoices nor this computer knows of a number issued this year.</source>
        <translation>Ne Space Invoices ne ta računalnik ne poznata nobene letos izdane številke.</translation>
    </message>
    <message>
        <source>Business unit id</source>
        <translation>ID poslovne enote</translation>
    </message>
    <message>
        <source>Issued in %1</source>
        <translation>Izdanih v %1</translation>
    </message>
    <message>
        <source>Last in %1</source>
        <translation>Zadnja v %1</translation>
    </message>
    <message>
        <source>First on 1 January %2</source>
        <translation>Prva 1. januarja %2</translation>
    </message>
    <message>
        <source>On 1 January</source>
        <translation>1. januarja</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Opozorila</translation>
    </message>
    <message>
        <source>Year-end numbering</source>
        <translation>Številčenje ob koncu leta</translation>
    </message>
    <message>
        <source>For every client, business unit and document type: the last number of %1 and the first on 1 January %2. Last numbers come from Space Invoices' counters where it could be asked, else from this computer's copy (the From column says which); the documents issued are counted in this computer's copy. The first number after 1 January follows the numbering rule: a format with a year restarts at 1, one without keeps counting.</source>
        <translation>Za vsako stranko, poslovno enoto in vrsto dokumenta: zadnja številka leta %1 in prva 1. januarja %2. Zadnje številke so iz števcev Space Invoices, kjer jih je bilo mogoče vprašati, sicer iz kopije na tem računalniku (stolpec Vir pove, od kod); izdani dokumenti so prešteti v kopiji na tem računalniku. Prva številka po 1. januarju sledi pravilu številčenja: oblika z letom se začne znova pri 1, oblika brez leta šteje naprej.</translation>
    </message>
    <message>
        <source>Read &amp;again</source>
        <translation>Preberi &amp;znova</translation>
    </message>
    <message>
        <source>Numbering of every client at the turn of the year</source>
        <translation>Številčenje vseh strank ob prehodu leta</translation>
    </message>
    <message>
        <source>Stopped: the clients not read again show this computer's figures.</source>
        <translation>Ustavljeno: stranke, ki niso bile prebrane znova, kažejo podatke tega računalnika.</translation>
    </message>
    <message>
        <source>Space Invoices could not be asked for every client: %1 of %2 show this computer's figures.</source>
        <translation>Space Invoices ni bilo mogoče vprašati za vse stranke: %1 od %2 kaže podatke tega računalnika.</translation>
    </message>
    <message>
        <source>Asking Space Invoices for the counters: %1 of %2 clients…</source>
        <translation>Sprašujem Space Invoices za števce: %1 od %2 strank…</translation>
    </message>
    <message>
        <source>%1 clients, every figure as of now.</source>
        <translation>Strank: %1, vsi podatki so trenutni.</translation>
    </message>
    <message>
        <source>%1 of %2 sequences shown, %3 with problems</source>
        <translation>Prikazanih %1 od %2 zaporedij, %3 s težavami</translation>
    </message>
    <message>
        <source>Export year-end numbering</source>
        <translation>Izvozi številčenje ob koncu leta</translation>
    </message>
    <message>
        <source>Year-end numbering saved to %1</source>
        <translation>Številčenje ob koncu leta je shranjeno v %1</translation>
    </message>
    <message>
        <source>F&amp;irm</source>
        <translation>Pis&amp;arna</translation>
    </message>
    <message>
        <source>&amp;Year end…</source>
        <translation>&amp;Konec leta…</translation>
    </message>
    <message>
        <source>&amp;Branding wall…</source>
        <translation>&amp;Stena celostnih podob…</translation>
    </message>
    <message>
        <source>About si-desktop</source>
        <translation>O programu si-desktop</translation>
    </message>
    <message>
        <source>si-desktop logo</source>
        <translation>Logotip si-desktop</translation>
    </message>
    <message>
        <source>Invoicing set-up for many client businesses on Space Invoices.</source>
        <translation>Nastavitve izdajanja računov za veliko podjetij strank v Space Invoices.</translation>
    </message>
    <message>
        <source>Qt %1, PySide6 %2, Python %3</source>
        <translation>Qt %1, PySide6 %2, Python %3</translation>
    </message>
    <message>
        <source>Licences of what si-desktop ships:</source>
        <translation>Licence vsega, kar vsebuje si-desktop:</translation>
    </message>
    <message>
        <source>Licences</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>&amp;Copy diagnostics</source>
        <translation>&amp;Kopiraj diagnostiko</translation>
    </message>
    <message>
        <source>Copy diagnostics</source>
        <translation>Kopiraj diagnostiko</translation>
    </message>
    <message>
        <source>Versions and folders for a support request; no keys or client data.</source>
        <translation>Različice in mape za zahtevek za podporo; brez ključev in podatkov strank.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Zapri</translation>
    </message>
    <message>
        <source>Diagnostics copied to the clipboard.</source>
        <translation>Diagnostika je kopirana v odložišče.</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>Peskovnik</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Produkcija</translation>
    </message>
    <message>
        <source>The system keychain did not answer within %1 seconds. It may be locked: unlock it (or sign in to it) and try again.</source>
        <translation>Sistemska shramba ključev ni odgovorila v %1 s. Morda je zaklenjena: odklenite jo (ali se vanjo prijavite) in poskusite znova.</translation>
    </message>
    <message>
        <source>The system keychain could not be used: %1</source>
        <translation>Sistemske shrambe ključev ni bilo mogoče uporabiti: %1</translation>
    </message>
    <message>
        <source>There is no secure system keychain in this session, so the API key is kept in memory only until you quit si-desktop; you will be asked for it again next time. It was not written to any file.</source>
        <translation>V tej seji ni varne sistemske shrambe ključev, zato je ključ API le v pomnilniku, dokler ne zaprete programa si-desktop; naslednjič ga boste morali vnesti znova. V nobeno datoteko ni bil zapisan.</translation>
    </message>
    <message>
        <source>Remove the account “%1” (%2) from si-desktop?</source>
        <translation>Odstranim profil »%1« (%2) iz programa si-desktop?</translation>
    </message>
    <message>
        <source>Its API key is deleted from the system keychain.</source>
        <translation>Njegov ključ API se izbriše iz sistemske shrambe ključev.</translation>
    </message>
    <message>
        <source>There is no cached data for it on this computer.</source>
        <translation>V tem računalniku zanj ni podatkov v predpomnilniku.</translation>
    </message>
    <message>
        <source>Cached on this computer and deleted too: %1 clients, %2 business units.</source>
        <translation>Izbrisano je tudi, kar je shranjeno v tem računalniku: strank %1, poslovnih enot %2.</translation>
    </message>
    <message>
        <source>%1 edits that were not sent yet will be lost.</source>
        <translation>Izgubljene bodo še neposlane spremembe: %1.</translation>
    </message>
    <message>
        <source>Nothing changes on Space Invoices itself.</source>
        <translation>V samem Space Invoices se nič ne spremeni.</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Profil</translation>
    </message>
    <message>
        <source>&amp;Add account…</source>
        <translation>&amp;Dodaj profil …</translation>
    </message>
    <message>
        <source>Re&amp;name account…</source>
        <translation>Pre&amp;imenuj profil …</translation>
    </message>
    <message>
        <source>&amp;Remove account…</source>
        <translation>O&amp;dstrani profil …</translation>
    </message>
    <message>
        <source>No accounts yet</source>
        <translation>Še ni profilov</translation>
    </message>
    <message>
        <source>The API key of “%1” is not in the system keychain; enter it again.</source>
        <translation>Ključa API profila »%1« ni v sistemski shrambi ključev; vnesite ga znova.</translation>
    </message>
    <message>
        <source>Rename account</source>
        <translation>Preimenuj profil</translation>
    </message>
    <message>
        <source>Name for this account:</source>
        <translation>Ime tega profila:</translation>
    </message>
    <message>
        <source>Remove account</source>
        <translation>Odstrani profil</translation>
    </message>
    <message>
        <source>Account to remove:</source>
        <translation>Profil za odstranitev:</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Odstrani</translation>
    </message>
    <message>
        <source>The account was not removed. %1</source>
        <translation>Profil ni bil odstranjen. %1</translation>
    </message>
    <message>
        <source>Removed the account “%1”.</source>
        <translation>Profil »%1« je odstranjen.</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Poskusi znova</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Opusti</translation>
    </message>
    <message>
        <source>(%1 times)</source>
        <translation>(%1-krat)</translation>
    </message>
    <message>
        <source>Welcome to si-desktop</source>
        <translation>Dobrodošli v si-desktop</translation>
    </message>
    <message>
        <source>Keep every client&apos;s details, business units, numbering, branding and e-mail defaults on Space Invoices in one window. Try it on a demo workspace with 40 sample clients, or connect your own account.</source>
        <translation>Podatki, poslovne enote, številčenje, celostna podoba in privzeta e-pošta vseh strank v Space Invoices v enem oknu. Preizkusite na predstavitvenem delovnem prostoru s 40 vzorčnimi strankami ali povežite svoj račun.</translation>
    </message>
    <message>
        <source>Open the demo workspace</source>
        <translation>Odpri predstavitveni delovni prostor</translation>
    </message>
    <message>
        <source>Connect your Space Invoices account…</source>
        <translation>Povežite svoj račun Space Invoices …</translation>
    </message>
    <message>
        <source>Your API key is kept in the system keychain, never in a file.</source>
        <translation>Vaš ključ API je shranjen v sistemski shrambi ključev, nikoli v datoteki.</translation>
    </message>
    <message>
        <source>Connect a Space Invoices account</source>
        <translation>Povežite račun Space Invoices</translation>
    </message>
    <message>
        <source>Enter the API key again</source>
        <translation>Znova vnesite ključ API</translation>
    </message>
    <message>
        <source>Use an account key (sk_live_… or sk_sandbox_…) to manage all the clients of your firm, or an entity key (ek_…) for one client. The key is tested first and then kept in the system keychain, never in a file.</source>
        <translation>Uporabite ključ računa (sk_live_… ali sk_sandbox_…) za upravljanje vseh strank vašega podjetja ali ključ entitete (ek_…) za eno stranko. Ključ se najprej preizkusi in nato hrani v sistemski shrambi ključev, nikoli v datoteki.</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Prikaži</translation>
    </message>
    <message>
        <source>Show or hide the key</source>
        <translation>Prikaži ali skrij ključ</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Ključ API</translation>
    </message>
    <message>
        <source>e.g. Firm — sandbox (optional)</source>
        <translation>npr. Podjetje – peskovnik (neobvezno)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ime</translation>
    </message>
    <message>
        <source>optional, acc_…</source>
        <translation>neobvezno, acc_…</translation>
    </message>
    <message>
        <source>Account id</source>
        <translation>ID računa</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Strežnik</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Preizkusi povezavo</translation>
    </message>
    <message>
        <source>Save and connect</source>
        <translation>Shrani in poveži</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Skrij</translation>
    </message>
    <message>
        <source>account key</source>
        <translation>ključ računa</translation>
    </message>
    <message>
        <source>entity key (one client)</source>
        <translation>ključ entitete (ena stranka)</translation>
    </message>
    <message>
        <source>SANDBOX %1: test data only.</source>
        <translation>PESKOVNIK %1: samo preizkusni podatki.</translation>
    </message>
    <message>
        <source>LIVE %1: real clients and real invoices.</source>
        <translation>PRODUKCIJA %1: prave stranke in pravi računi.</translation>
    </message>
    <message>
        <source>An account id looks like acc_ and 24 hex digits.</source>
        <translation>ID računa je oblike acc_ in 24 šestnajstiških števk.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Preizkušam …</translation>
    </message>
    <message>
        <source>Connected. First client: %1</source>
        <translation>Povezano. Prva stranka: %1</translation>
    </message>
    <message>
        <source>Connected. The account has no clients yet.</source>
        <translation>Povezano. Profil še nima strank.</translation>
    </message>
    <message>
        <source>Saving the key in the system keychain…</source>
        <translation>Shranjujem ključ v sistemsko shrambo ključev …</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>Račun</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>Predračun</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation>Dobropis</translation>
    </message>
    <message>
        <source>Advance invoice</source>
        <translation>Avansni račun</translation>
    </message>
    <message>
        <source>Delivery note</source>
        <translation>Dobavnica</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Razveljavi</translation>
    </message>
    <message>
        <source>Throw away the changes and show the saved values</source>
        <translation>Zavrzi spremembe in prikaži shranjene vrednosti</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Shrani</translation>
    </message>
    <message>
        <source>Save the changes (Ctrl+S)</source>
        <translation>Shrani spremembe (Ctrl+S)</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(brez imena)</translation>
    </message>
    <message>
        <source>Business unit “{unit}” of “{client}”: values the unit does not set come from the client.</source>
        <translation>Poslovna enota »{unit}« stranke »{client}«: vrednosti, ki jih enota ne nastavi, prevzame od stranke.</translation>
    </message>
    <message>
        <source>Applies to every document of this client, unless a business unit sets its own.</source>
        <translation>Velja za vse dokumente te stranke, razen če poslovna enota nastavi svojo.</translation>
    </message>
    <message>
        <source>● Unsaved changes</source>
        <translation>● Neshranjene spremembe</translation>
    </message>
    <message>
        <source>Fix the marked fields before saving.</source>
        <translation>Pred shranjevanjem popravite označena polja.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Shranjeno.</translation>
    </message>
    <message>
        <source>{page} saved.</source>
        <translation>{page}: shranjeno.</translation>
    </message>
    <message>
        <source>Some values were not accepted; see the marked fields.</source>
        <translation>Nekatere vrednosti niso bile sprejete; oglejte si označena polja.</translation>
    </message>
    <message>
        <source>Some values were not accepted: {detail}</source>
        <translation>Nekatere vrednosti niso bile sprejete: {detail}</translation>
    </message>
    <message>
        <source>Modern</source>
        <translation>Sodobna</translation>
    </message>
    <message>
        <source>Classic</source>
        <translation>Klasična</translation>
    </message>
    <message>
        <source>Condensed</source>
        <translation>Zgoščena</translation>
    </message>
    <message>
        <source>Minimal</source>
        <translation>Minimalna</translation>
    </message>
    <message>
        <source>Fashion</source>
        <translation>Modna</translation>
    </message>
    <message>
        <source>Branding</source>
        <translation>Celostna podoba</translation>
    </message>
    <message>
        <source>How this client&apos;s documents look: template, colour and logo.</source>
        <translation>Kako so videti dokumenti te stranke: predloga, barva in logotip.</translation>
    </message>
    <message>
        <source>PDF template</source>
        <translation>Predloga PDF</translation>
    </message>
    <message>
        <source>Primary colour</source>
        <translation>Glavna barva</translation>
    </message>
    <message>
        <source>{color} (the default)</source>
        <translation>{color} (privzeto)</translation>
    </message>
    <message>
        <source>Choose a colour…</source>
        <translation>Izberite barvo …</translation>
    </message>
    <message>
        <source>Recent:</source>
        <translation>Nedavno:</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logotip</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>Izberi datoteko …</translation>
    </message>
    <message>
        <source>A PNG, JPEG, WEBP or SVG image of at most 5 MB</source>
        <translation>Slika PNG, JPEG, WEBP ali SVG, velika največ 5 MB</translation>
    </message>
    <message>
        <source>Size on the page:</source>
        <translation>Velikost na strani:</translation>
    </message>
    <message>
        <source>“{template}” is set on the server. The preview shows it as Modern; it is kept unless you choose another template.</source>
        <translation>Na strežniku je nastavljena »{template}«. Predogled jo prikaže kot Sodobno; ostane, razen če izberete drugo predlogo.</translation>
    </message>
    <message>
        <source>“{template}” is kept as set on the server; the preview shows it as Modern.</source>
        <translation>»{template}« ostane, kot je nastavljena na strežniku; predogled jo prikaže kot Sodobno.</translation>
    </message>
    <message>
        <source>No template is set; documents use Modern.</source>
        <translation>Predloga ni nastavljena; dokumenti uporabljajo Sodobno.</translation>
    </message>
    <message>
        <source>White text on {color} in the {template} template</source>
        <translation>Belo besedilo na barvi {color} v predlogi {template}</translation>
    </message>
    <message>
        <source>Text in {color} on white in the {template} template</source>
        <translation>Besedilo v barvi {color} na beli podlagi v predlogi {template}</translation>
    </message>
    <message>
        <source>{where} has a contrast of {figure}; WCAG AA asks for at least 4.5:1, so some readers will struggle.</source>
        <translation>{where} ima kontrast {figure}; WCAG AA zahteva vsaj 4,5 : 1, zato bodo nekateri bralci težko brali.</translation>
    </message>
    <message>
        <source>{where}: contrast {figure}, passes WCAG AA.</source>
        <translation>{where}: kontrast {figure}, ustreza WCAG AA.</translation>
    </message>
    <message>
        <source>No logo yet.</source>
        <translation>Logotipa še ni.</translation>
    </message>
    <message>
        <source>Choose a logo</source>
        <translation>Izberite logotip</translation>
    </message>
    <message>
        <source>Images ({patterns})</source>
        <translation>Slike ({patterns})</translation>
    </message>
    <message>
        <source>Cannot read {name}: {error}</source>
        <translation>Datoteke {name} ni mogoče prebrati: {error}</translation>
    </message>
    <message>
        <source>Uploading {name}…</source>
        <translation>Nalagam {name} …</translation>
    </message>
    <message>
        <source>Logo uploaded.</source>
        <translation>Logotip je naložen.</translation>
    </message>
    <message>
        <source>Removing the logo…</source>
        <translation>Odstranjujem logotip …</translation>
    </message>
    <message>
        <source>The unit uses the client&apos;s logo again.</source>
        <translation>Enota spet uporablja logotip stranke.</translation>
    </message>
    <message>
        <source>Logo removed.</source>
        <translation>Logotip je odstranjen.</translation>
    </message>
    <message>
        <source>{{name}} is not a placeholder the service knows; did you mean {{suggestion}}?</source>
        <translation>{{name}} ni oznaka, ki jo storitev pozna; ste mislili {{suggestion}}?</translation>
    </message>
    <message>
        <source>{{name}} is not a placeholder the service knows; it would be sent as written.</source>
        <translation>{{name}} ni oznaka, ki jo storitev pozna; poslana bi bila, kot je zapisana.</translation>
    </message>
    <message>
        <source>Unknown placeholders</source>
        <translation>Neznane oznake</translation>
    </message>
    <message>
        <source>Save placeholders the service does not know? They reach customers as written, braces included.</source>
        <translation>Shranim oznake, ki jih storitev ne pozna? Stranke jih prejmejo, kot so zapisane, skupaj z zavitimi oklepaji.</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Nazaj</translation>
    </message>
    <message>
        <source>Save anyway</source>
        <translation>Vseeno shrani</translation>
    </message>
    <message>
        <source>E-mail defaults</source>
        <translation>Privzeta e-pošta</translation>
    </message>
    <message>
        <source>The e-mail a customer gets with each document, before anyone edits it.</source>
        <translation>E-sporočilo, ki ga kupec prejme z vsakim dokumentom, preden ga kdo uredi.</translation>
    </message>
    <message>
        <source>What the customer gets</source>
        <translation>Kaj prejme kupec</translation>
    </message>
    <message>
        <source>Filled in with this client&apos;s data and a sample customer and document; a placeholder still in braces has no value for this client.</source>
        <translation>Izpolnjeno s podatki te stranke ter z vzorčnim kupcem in dokumentom; oznaka, ki je ostala v zavitih oklepajih, za to stranko nima vrednosti.</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Zadeva</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Besedilo</translation>
    </message>
    <message>
        <source>Insert placeholder</source>
        <translation>Vstavi oznako</translation>
    </message>
    <message>
        <source>Subject: %1</source>
        <translation>Zadeva: %1</translation>
    </message>
    <message>
        <source>Body: %1</source>
        <translation>Besedilo: %1</translation>
    </message>
    <message>
        <source>From: {sender}
To: {customer} &lt;{email}&gt;</source>
        <translation>Od: {sender}
Za: {customer} &lt;{email}&gt;</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(brez zadeve)</translation>
    </message>
    <message>
        <source>Number formats</source>
        <translation>Oblike številčenja</translation>
    </message>
    <message>
        <source>How this client&apos;s documents are numbered.</source>
        <translation>Kako so oštevilčeni dokumenti te stranke.</translation>
    </message>
    <message>
        <source>Business unit “{unit}” of “{client}”: its documents are numbered with the client&apos;s shared business-unit formats.</source>
        <translation>Poslovna enota »{unit}« stranke »{client}«: njeni dokumenti so oštevilčeni po skupnih oblikah za poslovne enote, nastavljenih pri stranki.</translation>
    </message>
    <message>
        <source>Insert at the cursor:</source>
        <translation>Vstavi pri kazalcu:</translation>
    </message>
    <message>
        <source>A format is text with tokens: {yyyy} or {yy} for the year, {n…} for the sequence (as many n as digits, never cut), {u…} for a business unit&apos;s number. The guide&apos;s spelling ({YYYY}, {NUM}, {MM}, {DD}) is read too.</source>
        <translation>Oblika je besedilo z oznakami: {yyyy} ali {yy} za leto, {n…} za zaporedno številko (toliko n, kolikor števk; nikoli ne odreže), {u…} za številko poslovne enote. Prebere se tudi zapis iz vodiča ({YYYY}, {NUM}, {MM}, {DD}).</translation>
    </message>
    <message>
        <source>Client&apos;s documents</source>
        <translation>Dokumenti stranke</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Oblika</translation>
    </message>
    <message>
        <source>First number</source>
        <translation>Prva številka</translation>
    </message>
    <message>
        <source>Next numbers</source>
        <translation>Naslednje številke</translation>
    </message>
    <message>
        <source>Business units</source>
        <translation>Poslovne enote</translation>
    </message>
    <message>
        <source>Shared format</source>
        <translation>Skupna oblika</translation>
    </message>
    <message>
        <source>Next number</source>
        <translation>Naslednja številka</translation>
    </message>
    <message>
        <source>Year end</source>
        <translation>Konec leta</translation>
    </message>
    <message>
        <source>{format} (the default)</source>
        <translation>{format} (privzeto)</translation>
    </message>
    <message>
        <source>Business units&apos; format: %1</source>
        <translation>Oblika za poslovne enote: %1</translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation>Oblika: %1</translation>
    </message>
    <message>
        <source>Use the standard tokens</source>
        <translation>Uporabi standardne oznake</translation>
    </message>
    <message>
        <source>First number: %1</source>
        <translation>Prva številka: %1</translation>
    </message>
    <message>
        <source>The first number to use; it may only move forward.</source>
        <translation>Prva številka, ki se uporabi; premika se lahko samo naprej.</translation>
    </message>
    <message>
        <source>Business units share one format per document type, set on the client: changing it here changes it for every unit of “{client}”. This unit&apos;s number is {index}.</source>
        <translation>Poslovne enote si delijo eno obliko za vsako vrsto dokumenta, nastavljeno pri stranki: sprememba tukaj jo spremeni za vse enote stranke »{client}«. Številka te enote je {index}.</translation>
    </message>
    <message>
        <source>One format per document type shared by all business units; {u} becomes the unit&apos;s number.</source>
        <translation>Ena oblika za vsako vrsto dokumenta, skupna vsem poslovnim enotam; {u} postane številka enote.</translation>
    </message>
    <message>
        <source>One format per document type shared by all business units; {u} becomes the unit&apos;s number. This client has no active business units yet, so the preview shows unit 1.</source>
        <translation>Ena oblika za vsako vrsto dokumenta, skupna vsem poslovnim enotam; {u} postane številka enote. Ta stranka še nima aktivnih poslovnih enot, zato predogled kaže enoto 1.</translation>
    </message>
    <message>
        <source>{MM} and {DD} (month and day) exist only in the guide&apos;s spelling; they stay as written.</source>
        <translation>{MM} in {DD} (mesec in dan) obstajata le v zapisu iz vodiča; ostaneta, kot sta zapisana.</translation>
    </message>
    <message>
        <source>Numbering may only move forward: it is at {current}, so {typed} is too low.</source>
        <translation>Številčenje se lahko premika samo naprej: je pri {current}, zato je {typed} premalo.</translation>
    </message>
    <message>
        <source>and {count} more</source>
        <translation>in še {count}</translation>
    </message>
    <message>
        <source>The last number on 31 December and the first on 1 January, for example after {count} documents in {year}. A format with a year restarts at its first number; one without keeps counting.</source>
        <translation>Zadnja številka 31. decembra in prva 1. januarja, na primer po {count} dokumentih v letu {year}. Oblika z letom se začne znova pri prvi številki; oblika brez leta šteje naprej.</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>enota</translation>
    </message>
    <message>
        <source>No year in this format: numbers keep counting on 1 January and never restart, which is usually not what a firm wants.</source>
        <translation>Ta oblika nima leta: številke 1. januarja štejejo naprej in se nikoli ne začnejo znova, česar podjetje običajno ne želi.</translation>
    </message>
    <message>
        <source>Settings of the business unit “{unit}”</source>
        <translation>Nastavitve poslovne enote »{unit}«</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Neshranjene spremembe</translation>
    </message>
    <message>
        <source>This business unit has settings that are not saved.</source>
        <translation>Ta poslovna enota ima neshranjene nastavitve.</translation>
    </message>
    <message>
        <source>Save them before closing?</source>
        <translation>Jih shranim pred zaprtjem?</translation>
    </message>
    <message>
        <source>Use the client&apos;s value</source>
        <translation>Uporabi vrednost stranke</translation>
    </message>
    <message>
        <source>Set for this unit</source>
        <translation>Nastavljeno za to enoto</translation>
    </message>
    <message>
        <source>Inherited from {client}</source>
        <translation>Podedovano od {client}</translation>
    </message>
    <message>
        <source>{count} characters; at most {limit}.</source>
        <translation>Znakov: {count}; največ {limit}.</translation>
    </message>
    <message>
        <source>Cannot reach Space Invoices. Check the connection; nothing was lost.</source>
        <translation>Space Invoices ni dosegljiv. Preverite povezavo; nič se ni izgubilo.</translation>
    </message>
    <message>
        <source>The API key was not accepted. Reconnect the account with a valid key.</source>
        <translation>Ključ API ni bil sprejet. Profil znova povežite z veljavnim ključem.</translation>
    </message>
    <message>
        <source>This key may not do that: {detail}</source>
        <translation>Ta ključ tega ne sme: {detail}</translation>
    </message>
    <message>
        <source>Not found on the server; it may have been removed: {detail}</source>
        <translation>Na strežniku ni najdeno; morda je bilo odstranjeno: {detail}</translation>
    </message>
    <message>
        <source>The server refused the change: {detail}</source>
        <translation>Strežnik je zavrnil spremembo: {detail}</translation>
    </message>
    <message>
        <source>Space Invoices asks us to slow down; try again in a moment.</source>
        <translation>Space Invoices prosi, da upočasnimo; poskusite znova čez trenutek.</translation>
    </message>
    <message>
        <source>Space Invoices had a problem answering; try again in a moment.</source>
        <translation>Space Invoices je imel težavo z odgovorom; poskusite znova čez trenutek.</translation>
    </message>
    <message>
        <source>Something went wrong: {detail}</source>
        <translation>Nekaj je šlo narobe: {detail}</translation>
    </message>
    <message>
        <source>Last updated %1</source>
        <translation>Zadnja posodobitev: %1</translation>
    </message>
    <message>
        <source>Not updated yet</source>
        <translation>Še ni posodobljeno</translation>
    </message>
    <message>
        <source>Updated just now</source>
        <translation>Pravkar posodobljeno</translation>
    </message>
    <message>
        <source>Updated 1 minute ago</source>
        <translation>Posodobljeno pred 1 minuto</translation>
    </message>
    <message>
        <source>Updated %1 minutes ago</source>
        <translation>Posodobljeno pred %1 minutami</translation>
    </message>
    <message>
        <source>Updated 1 hour ago</source>
        <translation>Posodobljeno pred 1 uro</translation>
    </message>
    <message>
        <source>Updated %1 hours ago</source>
        <translation>Posodobljeno pred %1 urami</translation>
    </message>
    <message>
        <source>Demo workspace</source>
        <translation>Predstavitveni delovni prostor</translation>
    </message>
    <message>
        <source>Choose a client on the left, or press Ctrl+K.</source>
        <translation>Izberite stranko na levi ali pritisnite Ctrl+K.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datoteka</translation>
    </message>
    <message>
        <source>&amp;New client…</source>
        <translation>&amp;Nova stranka …</translation>
    </message>
    <message>
        <source>&amp;Connect account…</source>
        <translation>&amp;Poveži profil …</translation>
    </message>
    <message>
        <source>Open the &amp;demo workspace</source>
        <translation>Odpri &amp;predstavitveni delovni prostor</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Končaj</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Urejanje</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Shrani</translation>
    </message>
    <message>
        <source>&amp;Revert changes</source>
        <translation>&amp;Razveljavi spremembe</translation>
    </message>
    <message>
        <source>&amp;Find client</source>
        <translation>&amp;Poišči stranko</translation>
    </message>
    <message>
        <source>Pre&amp;ferences…</source>
        <translation>&amp;Nastavitve …</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Pojdi</translation>
    </message>
    <message>
        <source>&amp;Go to client…</source>
        <translation>&amp;Pojdi na stranko …</translation>
    </message>
    <message>
        <source>&amp;Next client</source>
        <translation>&amp;Naslednja stranka</translation>
    </message>
    <message>
        <source>&amp;Previous client</source>
        <translation>&amp;Prejšnja stranka</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Osveži</translation>
    </message>
    <message>
        <source>&amp;Client</source>
        <translation>&amp;Stranka</translation>
    </message>
    <message>
        <source>&amp;Pin or unpin</source>
        <translation>&amp;Pripni ali odpni</translation>
    </message>
    <message>
        <source>&amp;Copy client id</source>
        <translation>&amp;Kopiraj ID stranke</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Po&amp;moč</translation>
    </message>
    <message>
        <source>&amp;About si-desktop</source>
        <translation>&amp;O programu si-desktop</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>Odpri mapo z &amp;dnevniki</translation>
    </message>
    <message>
        <source>The demo workspace could not start: %1</source>
        <translation>Predstavitvenega delovnega prostora ni bilo mogoče zagnati: %1</translation>
    </message>
    <message>
        <source>SANDBOX — test data, nothing here reaches live clients</source>
        <translation>PESKOVNIK – preizkusni podatki, nič od tega ne doseže pravih strank</translation>
    </message>
    <message>
        <source>The API key of this account is a sandbox key (sk_sandbox_ or ek_sandbox_).</source>
        <translation>Ključ API tega profila je ključ za peskovnik (sk_sandbox_ ali ek_sandbox_).</translation>
    </message>
    <message>
        <source>“%1” has changes that are not saved.</source>
        <translation>»%1« ima neshranjene spremembe.</translation>
    </message>
    <message>
        <source>Save them before you go on?</source>
        <translation>Jih shranim, preden nadaljujete?</translation>
    </message>
    <message>
        <source>[SANDBOX]</source>
        <translation>[PESKOVNIK]</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Ni povezave</translation>
    </message>
    <message>
        <source>Demo workspace (local)</source>
        <translation>Predstavitveni delovni prostor (lokalni)</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Povezano s %1</translation>
    </message>
    <message>
        <source>Cannot reach the server</source>
        <translation>Strežnik ni dosegljiv</translation>
    </message>
    <message>
        <source>New client</source>
        <translation>Nova stranka</translation>
    </message>
    <message>
        <source>Name and country are required; everything else can wait.</source>
        <translation>Ime in država sta obvezna; vse drugo lahko počaka.</translation>
    </message>
    <message>
        <source>Type to search countries</source>
        <translation>Tipkajte za iskanje držav</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Država</translation>
    </message>
    <message>
        <source>Create client</source>
        <translation>Ustvari stranko</translation>
    </message>
    <message>
        <source>Your own code for this client, e.g. K-0042</source>
        <translation>Vaša šifra te stranke, npr. K-0042</translation>
    </message>
    <message>
        <source>Kept in the client's metadata as client_code; the search finds clients by it.</source>
        <translation>Shrani se v metapodatke stranke kot client_code; iskanje po njej najde stranko.</translation>
    </message>
    <message>
        <source>Client code</source>
        <translation>Šifra stranke</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Okolje</translation>
    </message>
    <message>
        <source>Create it anyway</source>
        <translation>Vseeno jo ustvari</translation>
    </message>
    <message>
        <source>This account's key is a live key: it creates live clients. Connect a sandbox key for sandbox clients.</source>
        <translation>Ključ tega profila je produkcijski: ustvarja produkcijske stranke. Za stranke v peskovniku povežite ključ za peskovnik.</translation>
    </message>
    <message>
        <source>This account's key is a sandbox key: it creates sandbox clients. Connect a live key for live clients.</source>
        <translation>Ključ tega profila je ključ za peskovnik: ustvarja stranke v peskovniku. Za produkcijske stranke povežite produkcijski ključ.</translation>
    </message>
    <message>
        <source>It cannot be changed once the client is created.</source>
        <translation>Ko je stranka ustvarjena, ga ni več mogoče spremeniti.</translation>
    </message>
    <message>
        <source>“%1” has this tax number already.</source>
        <translation>Stranka »%1« že ima to davčno številko.</translation>
    </message>
    <message>
        <source>A client called “%1” is already in the list.</source>
        <translation>Stranka z imenom »%1« je že na seznamu.</translation>
    </message>
    <message>
        <source>“%1” has the client code %2 already.</source>
        <translation>Stranka »%1« že ima šifro %2.</translation>
    </message>
    <message>
        <source> or </source>
        <translation> ali </translation>
    </message>
    <message>
        <source>The tax number starts with %1, the VAT prefix of %2; a VAT number from %3 starts with %4.</source>
        <translation>Davčna številka ima predpono %1, ki je predpona DDV države %2; identifikacijska številka za DDV iz države %3 ima predpono %4.</translation>
    </message>
    <message>
        <source>The tax number starts with %1, the VAT prefix of %2, but the client is in %3.</source>
        <translation>Davčna številka ima predpono %1, ki je predpona DDV države %2, stranka pa je v državi %3.</translation>
    </message>
    <message>
        <source>The tax number starts with %1; a VAT number from %2 starts with %3.</source>
        <translation>Davčna številka ima predpono %1; identifikacijska številka za DDV iz države %2 ima predpono %3.</translation>
    </message>
    <message>
        <source>{code} · {currency} · {locale}</source>
        <translation>{code} · {currency} · {locale}</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(prazno)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>da</translation>
    </message>
    <message>
        <source>no</source>
        <translation>ne</translation>
    </message>
    <message>
        <source>Type yes or no.</source>
        <translation>Vpišite da ali ne.</translation>
    </message>
    <message>
        <source>This is not a value the field can hold.</source>
        <translation>Tega polje ne more vsebovati.</translation>
    </message>
    <message>
        <source>Another value:</source>
        <translation>Druga vrednost:</translation>
    </message>
    <message>
        <source>Theirs: %1</source>
        <translation>Njihova: %1</translation>
    </message>
    <message>
        <source>Mine: %1</source>
        <translation>Moja: %1</translation>
    </message>
    <message>
        <source>Value for %1</source>
        <translation>Vrednost za %1</translation>
    </message>
    <message>
        <source>Choose theirs, mine or another value.</source>
        <translation>Izberite njihovo, mojo ali drugo vrednost.</translation>
    </message>
    <message>
        <source>Someone changed these fields on Space Invoices after you edited them here. Choose what each field should hold. Fields changed on one side only were merged already.</source>
        <translation>Nekdo je ta polja v Space Invoices spremenil, potem ko ste jih uredili tukaj. Izberite, kaj naj vsebuje vsako polje. Polja, spremenjena le na eni strani, so že združena.</translation>
    </message>
    <message>
        <source>Space Invoices did not accept this change: %1</source>
        <translation>Space Invoices ni sprejel te spremembe: %1</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>razlog ni naveden</translation>
    </message>
    <message>
        <source>Business unit “%1” of “%2”</source>
        <translation>Poslovna enota »%1« stranke »%2«</translation>
    </message>
    <message>
        <source>Changes that need you</source>
        <translation>Spremembe, ki čakajo na vas</translation>
    </message>
    <message>
        <source>These edits were kept but not sent. Nothing is thrown away until you choose.</source>
        <translation>Te spremembe so ohranjene, a ne poslane. Nič ne bo zavrženo, dokler se ne odločite.</translation>
    </message>
    <message>
        <source>Send my choices</source>
        <translation>Pošlji moje izbire</translation>
    </message>
    <message>
        <source>Decide later</source>
        <translation>Odloči se pozneje</translation>
    </message>
    <message>
        <source>Keep the edits as they are; they wait for you</source>
        <translation>Pusti spremembe, kot so; počakajo na vas</translation>
    </message>
    <message>
        <source>Choose theirs, mine or another value for every field.</source>
        <translation>Za vsako polje izberite njihovo, mojo ali drugo vrednost.</translation>
    </message>
    <message>
        <source>Enable the client</source>
        <translation>Omogoči stranko</translation>
    </message>
    <message>
        <source>Disable the client</source>
        <translation>Onemogoči stranko</translation>
    </message>
    <message>
        <source>Archive the business unit</source>
        <translation>Arhiviraj poslovno enoto</translation>
    </message>
    <message>
        <source>A new logo for the business unit</source>
        <translation>Nov logotip poslovne enote</translation>
    </message>
    <message>
        <source>A new logo</source>
        <translation>Nov logotip</translation>
    </message>
    <message>
        <source>Remove the business unit's logo</source>
        <translation>Odstrani logotip poslovne enote</translation>
    </message>
    <message>
        <source>Remove the logo</source>
        <translation>Odstrani logotip</translation>
    </message>
    <message>
        <source>A new business unit</source>
        <translation>Nova poslovna enota</translation>
    </message>
    <message>
        <source>A new client</source>
        <translation>Nova stranka</translation>
    </message>
    <message>
        <source>(not known)</source>
        <translation>(ni znano)</translation>
    </message>
    <message>
        <source>Drop this edit</source>
        <translation>Zavrzi to spremembo</translation>
    </message>
    <message>
        <source>Drop your change to “%1”? It is not sent, and it cannot be brought back.</source>
        <translation>Zavržem vašo spremembo za »%1«? Ne bo poslana in je ni mogoče obnoviti.</translation>
    </message>
    <message>
        <source>Drop it</source>
        <translation>Zavrzi</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Obdrži</translation>
    </message>
    <message>
        <source>Send this edit again as it is</source>
        <translation>Pošlji to spremembo znova takšno, kot je</translation>
    </message>
    <message>
        <source>Drop this edit…</source>
        <translation>Zavrzi to spremembo …</translation>
    </message>
    <message>
        <source>Do not send this edit; Space Invoices keeps its values</source>
        <translation>Ne pošlji te spremembe; Space Invoices obdrži svoje vrednosti</translation>
    </message>
    <message>
        <source>This change could not be sent: %1. Try again later, or drop it; details are in the log.</source>
        <translation>Te spremembe ni bilo mogoče poslati: %1. Poskusite znova pozneje ali jo zavrzite; podrobnosti so v dnevniku.</translation>
    </message>
    <message>
        <source>Dropped: Space Invoices keeps its values.</source>
        <translation>Zavrženo: Space Invoices obdrži svoje vrednosti.</translation>
    </message>
    <message>
        <source>Queued again; it is sent when Space Invoices can be reached.</source>
        <translation>Znova v čakalni vrsti; poslana bo, ko bo Space Invoices dosegljiv.</translation>
    </message>
    <message>
        <source>a change could not be sent</source>
        <translation>spremembe ni bilo mogoče poslati</translation>
    </message>
    <message>
        <source>Refreshing the open client</source>
        <translation>Osvežujem odprto stranko</translation>
    </message>
    <message>
        <source>Refreshing clients %1 / %2</source>
        <translation>Osvežujem stranke %1/%2</translation>
    </message>
    <message>
        <source>Refreshing clients %1</source>
        <translation>Osvežujem stranke %1</translation>
    </message>
    <message>
        <source>Refreshing business units %1 / %2</source>
        <translation>Osvežujem poslovne enote %1/%2</translation>
    </message>
    <message>
        <source>Refreshing business units %1</source>
        <translation>Osvežujem poslovne enote %1</translation>
    </message>
    <message>
        <source>an unknown time</source>
        <translation>neznanega dne</translation>
    </message>
    <message>
        <source>%1 today</source>
        <translation>danes ob %1</translation>
    </message>
    <message>
        <source>%1 yesterday</source>
        <translation>včeraj ob %1</translation>
    </message>
    <message>
        <source>1 day ago</source>
        <translation>pred 1 dnem</translation>
    </message>
    <message>
        <source>%1 days ago</source>
        <translation>pred %1 dnevi</translation>
    </message>
    <message>
        <source>1 hour ago</source>
        <translation>pred 1 uro</translation>
    </message>
    <message>
        <source>%1 hours ago</source>
        <translation>pred %1 urami</translation>
    </message>
    <message>
        <source>1 minute ago</source>
        <translation>pred 1 minuto</translation>
    </message>
    <message>
        <source>%1 minutes ago</source>
        <translation>pred %1 minutami</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>pravkar</translation>
    </message>
    <message>
        <source>Working without a saved cache: changes are kept until you quit. %1</source>
        <translation>Delo brez shranjenega predpomnilnika: spremembe ostanejo, dokler ne zaprete programa. %1</translation>
    </message>
    <message>
        <source>The local cache was damaged; it was moved aside and is filled again from the service. %1</source>
        <translation>Lokalni predpomnilnik je bil poškodovan; umaknjen je bil na stran in se znova polni iz storitve. %1</translation>
    </message>
    <message>
        <source>The local cache is damaged. %1</source>
        <translation>Lokalni predpomnilnik je poškodovan. %1</translation>
    </message>
    <message>
        <source>Refreshing…</source>
        <translation>Osvežujem …</translation>
    </message>
    <message>
        <source>Refresh cancelled.</source>
        <translation>Osveževanje je preklicano.</translation>
    </message>
    <message>
        <source>Clients from the server that could not be read: %1.</source>
        <translation>Stranke s strežnika, ki jih ni bilo mogoče prebrati: %1.</translation>
    </message>
    <message>
        <source>Business units from the server that could not be read: %1.</source>
        <translation>Poslovne enote s strežnika, ki jih ni bilo mogoče prebrati: %1.</translation>
    </message>
    <message>
        <source>The rest was refreshed; details are in the log.</source>
        <translation>Vse drugo je osveženo; podrobnosti so v dnevniku.</translation>
    </message>
    <message>
        <source>Refreshed: %1 clients, %2 active business units.</source>
        <translation>Osveženo: strank %1, aktivnih poslovnih enot %2.</translation>
    </message>
    <message>
        <source>%1 changes sent.</source>
        <translation>Poslanih sprememb: %1.</translation>
    </message>
    <message>
        <source>Saved on this computer; it is sent when Space Invoices can be reached.</source>
        <translation>Shranjeno v tem računalniku; poslano bo, ko bo Space Invoices dosegljiv.</translation>
    </message>
    <message>
        <source>Back online. Refreshing…</source>
        <translation>Spet povezano. Osvežujem …</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Povezava</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Poskusi znova</translation>
    </message>
    <message>
        <source>Ask Space Invoices again now</source>
        <translation>Takoj znova vprašaj Space Invoices</translation>
    </message>
    <message>
        <source>Offline — nothing was saved for offline use yet. Edits are kept and sent later.</source>
        <translation>Brez povezave – za delo brez povezave še ni nič shranjeno. Spremembe se ohranijo in pošljejo pozneje.</translation>
    </message>
    <message>
        <source>Offline — showing what was saved at %1</source>
        <translation>Brez povezave – prikazano je stanje, shranjeno %1</translation>
    </message>
    <message>
        <source>Back online — refreshing and sending waiting edits.</source>
        <translation>Spet povezano – osvežujem in pošiljam čakajoče spremembe.</translation>
    </message>
    <message>
        <source>Trying…</source>
        <translation>Poskušam …</translation>
    </message>
    <message>
        <source>Next try in %1 s</source>
        <translation>Naslednji poskus čez %1 s</translation>
    </message>
    <message>
        <source>Review conflict…</source>
        <translation>Preglej spor …</translation>
    </message>
    <message>
        <source>Created offline: it is sent to Space Invoices when it can be reached.</source>
        <translation>Ustvarjeno brez povezave: v Space Invoices bo poslano, ko bo dosegljiv.</translation>
    </message>
    <message>
        <source>1 change waiting to be sent</source>
        <translation>1 sprememba čaka na pošiljanje</translation>
    </message>
    <message>
        <source>%1 changes waiting to be sent</source>
        <translation>Sprememb, ki čakajo na pošiljanje: %1</translation>
    </message>
    <message>
        <source>someone else changed the same fields</source>
        <translation>nekdo drug je spremenil ista polja</translation>
    </message>
    <message>
        <source>Space Invoices did not accept a change</source>
        <translation>Space Invoices ni sprejel spremembe</translation>
    </message>
    <message>
        <source>Review change…</source>
        <translation>Preglej spremembo …</translation>
    </message>
    <message>
        <source>These details were saved %1; the last refresh did not reach them.</source>
        <translation>Ti podatki so bili shranjeni %1; zadnje osveževanje jih ni doseglo.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Prekliči</translation>
    </message>
    <message>
        <source>Stop the refresh; what arrived so far is kept</source>
        <translation>Ustavi osveževanje; kar je že prispelo, se ohrani</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Vrednost</translation>
    </message>
    <message>
        <source>%1 of %2 characters</source>
        <translation>%1 od %2 znakov</translation>
    </message>
    <message>
        <source>The name “%1” is used twice.</source>
        <translation>Ime »%1« je uporabljeno dvakrat.</translation>
    </message>
    <message>
        <source>Every value needs a name.</source>
        <translation>Vsaka vrednost potrebuje ime.</translation>
    </message>
    <message>
        <source>Metadata can hold at most %1 values.</source>
        <translation>Metapodatki lahko vsebujejo največ %1 vrednosti.</translation>
    </message>
    <message>
        <source>The client&apos;s id at Space Invoices</source>
        <translation>ID stranke v Space Invoices</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopiraj</translation>
    </message>
    <message>
        <source>Set when the client was created; it cannot change.</source>
        <translation>Nastavljeno ob ustvarjanju stranke; ni ga mogoče spremeniti.</translation>
    </message>
    <message>
        <source>At most %1 characters</source>
        <translation>Največ %1 znakov</translation>
    </message>
    <message>
        <source>e.g. 7500.00</source>
        <translation>npr. 7500,00</translation>
    </message>
    <message>
        <source>Starting capital</source>
        <translation>Osnovni kapital</translation>
    </message>
    <message>
        <source>Registered for VAT (tax subject)</source>
        <translation>Zavezanec za DDV (davčni zavezanec)</translation>
    </message>
    <message>
        <source>Metadata (client codes, external ids)</source>
        <translation>Metapodatki (šifre strank, zunanji ID-ji)</translation>
    </message>
    <message>
        <source>Add value</source>
        <translation>Dodaj vrednost</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>Odstrani izbrano</translation>
    </message>
    <message>
        <source>Save (%1)</source>
        <translation>Shrani (%1)</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>ID stranke</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>Metapodatki</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Pregled</translation>
    </message>
    <message>
        <source>Created %1 · updated %2</source>
        <translation>Ustvarjeno %1 · posodobljeno %2</translation>
    </message>
    <message>
        <source>Enabled: can issue documents</source>
        <translation>Omogočena: lahko izdaja dokumente</translation>
    </message>
    <message>
        <source>Disabled: cannot issue documents</source>
        <translation>Onemogočena: ne more izdajati dokumentov</translation>
    </message>
    <message>
        <source>Disable…</source>
        <translation>Onemogoči …</translation>
    </message>
    <message>
        <source>Enable…</source>
        <translation>Omogoči …</translation>
    </message>
    <message>
        <source>Starting capital must be a number, like 7500.00.</source>
        <translation>Osnovni kapital mora biti število, na primer 7500,00.</translation>
    </message>
    <message>
        <source>Not saved: check the marked fields.</source>
        <translation>Ni shranjeno: preverite označena polja.</translation>
    </message>
    <message>
        <source>Id copied.</source>
        <translation>ID je kopiran.</translation>
    </message>
    <message>
        <source>Enable client</source>
        <translation>Omogoči stranko</translation>
    </message>
    <message>
        <source>Enable “%1”? It can issue documents again.</source>
        <translation>Omogočim »%1«? Spet bo lahko izdajala dokumente.</translation>
    </message>
    <message>
        <source>Disable client</source>
        <translation>Onemogoči stranko</translation>
    </message>
    <message>
        <source>Disable “%1”? It keeps its data and settings but cannot issue documents until it is enabled again.</source>
        <translation>Onemogočim »%1«? Podatki in nastavitve ostanejo, dokumentov pa ne more izdajati, dokler je znova ne omogočite.</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Omogoči</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Onemogoči</translation>
    </message>
    <message>
        <source>Archived %1</source>
        <translation>Arhivirano %1</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktivna</translation>
    </message>
    <message>
        <source>inherits everything</source>
        <translation>vse podeduje</translation>
    </message>
    <message>
        <source>Edit business unit</source>
        <translation>Uredi poslovno enoto</translation>
    </message>
    <message>
        <source>New business unit</source>
        <translation>Nova poslovna enota</translation>
    </message>
    <message>
        <source>Numbering index %1, assigned by Space Invoices.</source>
        <translation>Številka enote %1, dodeli jo Space Invoices.</translation>
    </message>
    <message>
        <source>Create unit</source>
        <translation>Ustvari enoto</translation>
    </message>
    <message>
        <source>A unit needs a name.</source>
        <translation>Enota potrebuje ime.</translation>
    </message>
    <message>
        <source>New unit…</source>
        <translation>Nova enota …</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Uredi …</translation>
    </message>
    <message>
        <source>Edit settings…</source>
        <translation>Uredi nastavitve …</translation>
    </message>
    <message>
        <source>Number formats, branding and e-mail defaults of this unit</source>
        <translation>Oblike številčenja, celostna podoba in privzeta e-pošta te enote</translation>
    </message>
    <message>
        <source>Archive…</source>
        <translation>Arhiviraj …</translation>
    </message>
    <message>
        <source>Show archived</source>
        <translation>Prikaži arhivirane</translation>
    </message>
    <message>
        <source>A business unit is a shop, branch or brand of this client. Documents issued under a unit use its settings where it overrides the client&apos;s.</source>
        <translation>Poslovna enota je trgovina, podružnica ali blagovna znamka te stranke. Dokumenti, izdani v enoti, uporabljajo njene nastavitve povsod, kjer te nadomestijo nastavitve stranke.</translation>
    </message>
    <message>
        <source>This client has no business units yet.</source>
        <translation>Ta stranka še nima poslovnih enot.</translation>
    </message>
    <message>
        <source>No active business units; %1 archived.</source>
        <translation>Ni aktivnih poslovnih enot; arhiviranih: %1.</translation>
    </message>
    <message>
        <source>Show the archived ones</source>
        <translation>Prikaži arhivirane</translation>
    </message>
    <message>
        <source>Business unit created.</source>
        <translation>Poslovna enota je ustvarjena.</translation>
    </message>
    <message>
        <source>Business unit saved.</source>
        <translation>Poslovna enota je shranjena.</translation>
    </message>
    <message>
        <source>Archive business unit</source>
        <translation>Arhiviraj poslovno enoto</translation>
    </message>
    <message>
        <source>Archive “%1”? This cannot be undone.</source>
        <translation>Arhiviram »%1«? Tega ni mogoče razveljaviti.</translation>
    </message>
    <message>
        <source>It stops being offered for new documents and stays readable under Show archived. Space Invoices has no way to make an archived unit active again, and its numbering index is never reused.</source>
        <translation>Za nove dokumente ne bo več na voljo, ostane pa berljiva pod Prikaži arhivirane. Space Invoices arhivirane enote ne more znova aktivirati, njena številka v številčenju pa se ne bo nikoli več uporabila.</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Arhiviraj</translation>
    </message>
    <message>
        <source>Business unit archived.</source>
        <translation>Poslovna enota je arhivirana.</translation>
    </message>
    <message>
        <source>Clients: %1, business units: %2, files: %3 (%4)</source>
        <translation>Stranke: %1, poslovne enote: %2, datoteke: %3 (%4)</translation>
    </message>
    <message>
        <source>Clients: %1, business units: %2 (%5 archived), files: %3 (%4)</source>
        <translation>Stranke: %1, poslovne enote: %2 (arhiviranih: %5), datoteke: %3 (%4)</translation>
    </message>
    <message>
        <source>edits not yet sent: %1</source>
        <translation>neposlane spremembe: %1</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Nastavitve</translation>
    </message>
    <message>
        <source>Look and language</source>
        <translation>Videz in jezik</translation>
    </message>
    <message>
        <source>Same as the system (%1)</source>
        <translation>Kot v sistemu (%1)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Jezik</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Jezik:</translation>
    </message>
    <message>
        <source>In use now: %1. %2 shows after si-desktop restarts.</source>
        <translation>Zdaj v uporabi: %1. %2 bo v uporabi, ko si-desktop znova zaženete.</translation>
    </message>
    <message>
        <source>Colour scheme</source>
        <translation>Barvna shema</translation>
    </message>
    <message>
        <source>Colour &amp;scheme:</source>
        <translation>Barvna &amp;shema:</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Delo</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nikoli</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Refresh interval in minutes</source>
        <translation>Razmik osveževanja v minutah</translation>
    </message>
    <message>
        <source>&amp;Refresh every:</source>
        <translation>&amp;Osveži vsakih:</translation>
    </message>
    <message>
        <source>Log level</source>
        <translation>Raven dnevnika</translation>
    </message>
    <message>
        <source>Lo&amp;g:</source>
        <translation>Dne&amp;vnik:</translation>
    </message>
    <message>
        <source>Data folder and cache</source>
        <translation>Podatkovna mapa in predpomnilnik</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Podatkovna mapa</translation>
    </message>
    <message>
        <source>&amp;Open folder</source>
        <translation>&amp;Odpri mapo</translation>
    </message>
    <message>
        <source>Open the data folder</source>
        <translation>Odpri podatkovno mapo</translation>
    </message>
    <message>
        <source>Cached clients, by account. Clearing one loads it again from the server the next time it is opened.</source>
        <translation>Stranke v predpomnilniku, po profilih. Počiščen profil se ob naslednjem odprtju znova naloži s strežnika.</translation>
    </message>
    <message>
        <source>Cached accounts</source>
        <translation>Profili v predpomnilniku</translation>
    </message>
    <message>
        <source>Nothing is cached yet.</source>
        <translation>V predpomnilniku še ni ničesar.</translation>
    </message>
    <message>
        <source>&amp;Clear cache…</source>
        <translation>Po&amp;čisti predpomnilnik …</translation>
    </message>
    <message>
        <source>Clear the selected account&apos;s cache</source>
        <translation>Počisti predpomnilnik izbranega profila</translation>
    </message>
    <message>
        <source>This account (open now)</source>
        <translation>Ta profil (trenutno odprt)</translation>
    </message>
    <message>
        <source>The cache cannot be read: %1</source>
        <translation>Predpomnilnika ni mogoče prebrati: %1</translation>
    </message>
    <message>
        <source>Account %1 (%2)</source>
        <translation>Profil %1 (%2)</translation>
    </message>
    <message>
        <source>Clear cache</source>
        <translation>Počisti predpomnilnik</translation>
    </message>
    <message>
        <source>This removes %1 from this computer.</source>
        <translation>S tem iz tega računalnika odstranite: %1.</translation>
    </message>
    <message>
        <source>Edits not yet sent are lost: they were never saved on the server.</source>
        <translation>Še neposlane spremembe se izgubijo: na strežniku niso bile nikoli shranjene.</translation>
    </message>
    <message>
        <source>Clear the cache of “%1”?</source>
        <translation>Počistim predpomnilnik za »%1«?</translation>
    </message>
    <message>
        <source>Cache cleared.</source>
        <translation>Predpomnilnik je počiščen.</translation>
    </message>
    <message>
        <source>Cannot write the PDF to {path}.</source>
        <translation>PDF-ja ni mogoče zapisati v {path}.</translation>
    </message>
    <message>
        <source>No preview yet</source>
        <translation>Predogleda še ni</translation>
    </message>
    <message>
        <source>Invoice preview</source>
        <translation>Predogled računa</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+−)</source>
        <translation>Pomanjšaj (Ctrl+−)</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Pomanjšaj</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>Povečaj (Ctrl++)</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Povečaj</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Prilagodi</translation>
    </message>
    <message>
        <source>Fit the whole page</source>
        <translation>Prikaži celo stran</translation>
    </message>
    <message>
        <source>Export preview as PDF…</source>
        <translation>Izvozi predogled v PDF …</translation>
    </message>
    <message>
        <source>Export preview as PDF</source>
        <translation>Izvozi predogled v PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>There is nothing to export yet.</source>
        <translation>Ničesar še ni za izvoz.</translation>
    </message>
    <message>
        <source>not sent yet</source>
        <translation>še ni poslano</translation>
    </message>
    <message>
        <source>%n unsent</source>
        <translation>neposlanih: %n</translation>
    </message>
    <message>
        <source>Created offline; it is sent when the service can be reached.</source>
        <translation>Ustvarjeno brez povezave; poslano bo, ko bo storitev dosegljiva.</translation>
    </message>
    <message>
        <source>%n changes waiting to be sent</source>
        <translation>Sprememb, ki čakajo na pošiljanje: %n</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>onemogočena</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>Pripeta</translation>
    </message>
    <message>
        <source>Opened recently</source>
        <translation>Nedavno odprte</translation>
    </message>
    <message>
        <source>Go to client</source>
        <translation>Pojdi na stranko</translation>
    </message>
    <message>
        <source>Go to client: name, tax number or code</source>
        <translation>Pojdi na stranko: ime, davčna številka ali šifra</translation>
    </message>
    <message>
        <source>Enter opens · Esc closes</source>
        <translation>Enter odpre · Esc zapre</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Stranke</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>Nova …</translation>
    </message>
    <message>
        <source>New client (Ctrl+N)</source>
        <translation>Nova stranka (Ctrl+N)</translation>
    </message>
    <message>
        <source>Search name, tax number, city, code</source>
        <translation>Iskanje po imenu, davčni številki, kraju, šifri</translation>
    </message>
    <message>
        <source>Filter as you type (Ctrl+F). Up and Down move, Enter opens, Esc clears.</source>
        <translation>Filtrira med tipkanjem (Ctrl+F). Puščici gor in dol premikata, Enter odpre, Esc počisti.</translation>
    </message>
    <message>
        <source>Pinned and recent</source>
        <translation>Pripete in nedavne</translation>
    </message>
    <message>
        <source>All clients</source>
        <translation>Vse stranke</translation>
    </message>
    <message>
        <source>Searching Space Invoices…</source>
        <translation>Iščem v Space Invoices …</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Odpri</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Odpni</translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation>Pripni na vrh</translation>
    </message>
    <message>
        <source>Copy client id</source>
        <translation>Kopiraj ID stranke</translation>
    </message>
    <message>
        <source>%n match</source>
        <translation>%n zadetek</translation>
    </message>
    <message>
        <source>%n matches</source>
        <translation>zadetkov: %n</translation>
    </message>
    <message>
        <source>%n client</source>
        <translation>skupaj %n</translation>
    </message>
    <message>
        <source>%n clients</source>
        <translation>skupaj %n</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>nalagam …</translation>
    </message>
    <message>
        <source>No client matches “{text}”.</source>
        <translation>Nobena stranka ne ustreza »{text}«.</translation>
    </message>
    <message>
        <source>No clients yet. Create one with New client (Ctrl+N).</source>
        <translation>Strank še ni. Ustvarite jo z Nova stranka (Ctrl+N).</translation>
    </message>
    <message>
        <source>Loading the clients from Space Invoices…</source>
        <translation>Nalagam stranke iz Space Invoices …</translation>
    </message>
    <message>
        <source>The clients could not be loaded from Space Invoices. Refresh (F5) to try again.</source>
        <translation>Strank ni bilo mogoče naložiti iz Space Invoices. Za nov poskus osvežite (F5).</translation>
    </message>
    <message>
        <source>Export documents — %1</source>
        <translation>Izvoz dokumentov — %1</translation>
    </message>
    <message>
        <source>Save in:</source>
        <translation>Shrani v:</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Napredek</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Izvozi</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Odpri mapo</translation>
    </message>
    <message>
        <source>Space Invoices sent an empty file instead of the PDF.</source>
        <translation>Space Invoices je namesto PDF-ja poslal prazno datoteko.</translation>
    </message>
    <message>
        <source>The PDF is too large to show here (more than 64 MB). Save it and open it in another program.</source>
        <translation>PDF je prevelik za prikaz tukaj (več kot 64 MB). Shranite ga in odprite v drugem programu.</translation>
    </message>
    <message>
        <source>Space Invoices sent a web page instead of the PDF. Try again later.</source>
        <translation>Space Invoices je namesto PDF-ja poslal spletno stran. Poskusite znova pozneje.</translation>
    </message>
    <message>
        <source>Space Invoices sent a file that is not a PDF.</source>
        <translation>Space Invoices je poslal datoteko, ki ni PDF.</translation>
    </message>
    <message>
        <source>This PDF cannot be read: it is damaged or locked with a password.</source>
        <translation>Tega PDF-ja ni mogoče prebrati: je poškodovan ali zaklenjen z geslom.</translation>
    </message>
    <message>
        <source>This PDF has no pages.</source>
        <translation>Ta PDF nima nobene strani.</translation>
    </message>
    <message>
        <source>The PDF was closed.</source>
        <translation>PDF je bil zaprt.</translation>
    </message>
    <message>
        <source>Page %1 of this PDF cannot be shown.</source>
        <translation>Strani %1 tega PDF-ja ni mogoče prikazati.</translation>
    </message>
    <message>
        <source>Saving PDFs…</source>
        <translation>Shranjevanje PDF-jev …</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Ustavi</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>Izvažam: %1 …</translation>
    </message>
    <message>
        <source>%1 has no documents of these types in %2; nothing was saved.</source>
        <translation>%1 v obdobju %2 nima dokumentov teh vrst; nič ni bilo shranjeno.</translation>
    </message>
    <message>
        <source>Saved %n document in %1.</source>
        <translation>Shranjen %n dokument v %1.</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n documents in %1.</source>
        <translation>
            <numerusform>Shranjen %n dokument v %1.</numerusform>
            <numerusform>Shranjena %n dokumenta v %1.</numerusform>
            <numerusform>Shranjeni %n dokumenti v %1.</numerusform>
            <numerusform>Shranjenih %n dokumentov v %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>The files could not be saved: {detail}</source>
        <translation>Datotek ni bilo mogoče shraniti: {detail}</translation>
    </message>
    <message>
        <source>Stopped; nothing was saved.</source>
        <translation>Ustavljeno; nič ni bilo shranjeno.</translation>
    </message>
    <message>
        <source>Q%1 %2</source>
        <translation>%1. četrtletje %2</translation>
    </message>
    <message>
        <source>The destination folder is full: {detail}</source>
        <translation>Ciljna mapa je polna: {detail}</translation>
    </message>
    <message>
        <source>The destination folder cannot be written to: {detail}</source>
        <translation>V ciljno mapo ni mogoče pisati: {detail}</translation>
    </message>
    <message>
        <source>The destination folder cannot take the files: {detail}</source>
        <translation>Ciljna mapa ne more sprejeti datotek: {detail}</translation>
    </message>
    <message>
        <source>Space Invoices cannot be reached. Resume the export when the connection is back.</source>
        <translation>Space Invoices ni dosegljiv. Ko bo povezava spet delovala, nadaljujte izvoz.</translation>
    </message>
    <message>
        <source>Space Invoices is busy or failing. Resume the export in a moment.</source>
        <translation>Space Invoices je preobremenjen ali ima težave. Izvoz nadaljujte čez trenutek.</translation>
    </message>
    <message>
        <source>Space Invoices did not accept the API key. Reconnect the account, then resume the export.</source>
        <translation>Space Invoices ni sprejel ključa API. Znova povežite račun in nato nadaljujte izvoz.</translation>
    </message>
    <message>
        <source>The export stopped: {detail}</source>
        <translation>Izvoz se je ustavil: {detail}</translation>
    </message>
    <message>
        <source>Space Invoices could not make the PDFs: {detail}</source>
        <translation>Space Invoices ni mogel pripraviti datotek PDF: {detail}</translation>
    </message>
    <message>
        <source>The PDFs were not ready in time.</source>
        <translation>Datoteke PDF niso bile pravočasno pripravljene.</translation>
    </message>
    <message>
        <source>The archive from Space Invoices was refused: {detail}</source>
        <translation>Arhiv iz Space Invoices je bil zavrnjen: {detail}</translation>
    </message>
    <message>
        <source>Space Invoices does not know this client.</source>
        <translation>Space Invoices te stranke ne pozna.</translation>
    </message>
    <message>
        <source>This key may not export this client.</source>
        <translation>S tem ključem ni mogoče izvoziti te stranke.</translation>
    </message>
    <message>
        <source>Space Invoices refused the export: {detail}</source>
        <translation>Space Invoices je zavrnil izvoz: {detail}</translation>
    </message>
    <message>
        <source>The export failed: {detail}</source>
        <translation>Izvoz ni uspel: {detail}</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Obdobje</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Od</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Do</translation>
    </message>
    <message>
        <source>Documents:</source>
        <translation>Dokumenti:</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Oblika:</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Obdobje:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Izberi …</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>Izberite mapo</translation>
    </message>
    <message>
        <source>Save exports in</source>
        <translation>Shrani izvoze v</translation>
    </message>
    <message>
        <source>asked for in %n pieces of at most a year each</source>
        <translation>zahtevano po delih (%n), vsak največ eno leto</translation>
    </message>
    <message>
        <source>Choose at least one type of document.</source>
        <translation>Izberite vsaj eno vrsto dokumentov.</translation>
    </message>
    <message>
        <source>A CSV file holds one type of document: choose one, or choose XLSX.</source>
        <translation>Datoteka CSV vsebuje eno vrsto dokumentov: izberite eno ali pa izberite XLSX.</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>Obdobje se konča, preden se začne.</translation>
    </message>
    <message>
        <source>Choose a folder to save to.</source>
        <translation>Izberite mapo, v katero se shrani.</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stanje</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumenti</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Izvažam …</translation>
    </message>
    <message>
        <source>Exporting… %1 %</source>
        <translation>Izvažam … %1 %</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Čaka</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Izvoženo</translation>
    </message>
    <message>
        <source>No documents</source>
        <translation>Brez dokumentov</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Ni uspelo: %1</translation>
    </message>
    <message>
        <source>Exported %n client (%1 documents) into %2.</source>
        <translation>Izvožena %n stranka (dokumentov: %1) v %2.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n clients (%1 documents) into %2.</source>
        <translation>
            <numerusform>Izvožena %n stranka (dokumentov: %1) v %2.</numerusform>
            <numerusform>Izvoženi %n stranki (dokumentov: %1) v %2.</numerusform>
            <numerusform>Izvožene %n stranke (dokumentov: %1) v %2.</numerusform>
            <numerusform>Izvoženih %n strank (dokumentov: %1) v %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>%n client had no documents in %1.</source>
        <translation>%n stranka v obdobju %1 ni imela dokumentov.</translation>
    </message>
    <message numerus="yes">
        <source>%n clients had no documents in %1.</source>
        <translation>
            <numerusform>%n stranka v obdobju %1 ni imela dokumentov.</numerusform>
            <numerusform>%n stranki v obdobju %1 nista imeli dokumentov.</numerusform>
            <numerusform>%n stranke v obdobju %1 niso imele dokumentov.</numerusform>
            <numerusform>%n strank v obdobju %1 ni imelo dokumentov.</numerusform>
        </translation>
    </message>
    <message>
        <source>%n client failed:</source>
        <translation>Pri %n stranki izvoz ni uspel:</translation>
    </message>
    <message numerus="yes">
        <source>%n clients failed:</source>
        <translation>
            <numerusform>Pri %n stranki izvoz ni uspel:</numerusform>
            <numerusform>Pri %n strankah izvoz ni uspel:</numerusform>
            <numerusform>Pri %n strankah izvoz ni uspel:</numerusform>
            <numerusform>Pri %n strankah izvoz ni uspel:</numerusform>
        </translation>
    </message>
    <message>
        <source>… and %n more (see manifest.csv).</source>
        <translation>… in še %n (glejte manifest.csv).</translation>
    </message>
    <message>
        <source>%n client is left; Resume goes on where it stopped.</source>
        <translation>Ostala je še %n stranka; Nadaljuj nadaljuje, kjer se je ustavilo.</translation>
    </message>
    <message numerus="yes">
        <source>%n clients are left; Resume goes on where it stopped.</source>
        <translation>
            <numerusform>Ostala je še %n stranka; Nadaljuj nadaljuje, kjer se je ustavilo.</numerusform>
            <numerusform>Ostali sta še %n stranki; Nadaljuj nadaljuje, kjer se je ustavilo.</numerusform>
            <numerusform>Ostale so še %n stranke; Nadaljuj nadaljuje, kjer se je ustavilo.</numerusform>
            <numerusform>Ostalo je še %n strank; Nadaljuj nadaljuje, kjer se je ustavilo.</numerusform>
        </translation>
    </message>
    <message>
        <source>The list of files with their checksums is in %1.</source>
        <translation>Seznam datotek z njihovimi kontrolnimi vsotami je v %1.</translation>
    </message>
    <message>
        <source>Export for many clients</source>
        <translation>Izvoz za več strank</translation>
    </message>
    <message>
        <source>Resume it</source>
        <translation>Nadaljuj ga</translation>
    </message>
    <message>
        <source>Forget it</source>
        <translation>Pozabi ga</translation>
    </message>
    <message>
        <source>All clients (%1)</source>
        <translation>Vse stranke (%1)</translation>
    </message>
    <message>
        <source>Pinned clients (%1)</source>
        <translation>Pripete stranke (%1)</translation>
    </message>
    <message>
        <source>A selection:</source>
        <translation>Izbrane:</translation>
    </message>
    <message>
        <source>Find a client to tick</source>
        <translation>Poiščite stranko, ki jo želite označiti</translation>
    </message>
    <message>
        <source>Clients to export</source>
        <translation>Stranke za izvoz</translation>
    </message>
    <message>
        <source>Into the folder:</source>
        <translation>V mapo:</translation>
    </message>
    <message>
        <source>Each client gets a folder of its own, named by its code or name and tax number, and manifest.csv lists every file.</source>
        <translation>Vsaka stranka dobi svojo mapo, poimenovano po šifri ali imenu in davčni številki, manifest.csv pa navaja vse datoteke.</translation>
    </message>
    <message>
        <source>Overall progress</source>
        <translation>Skupni napredek</translation>
    </message>
    <message>
        <source>%1 of %2 clients</source>
        <translation>%1 od %2 strank</translation>
    </message>
    <message>
        <source>Clients and their progress</source>
        <translation>Stranke in njihov napredek</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Nadaljuj</translation>
    </message>
    <message>
        <source>Try the failed again</source>
        <translation>Ponovi neuspele</translation>
    </message>
    <message>
        <source>The clients the search shows (nothing typed in the switcher)</source>
        <translation>Stranke, ki jih kaže iskanje (v seznamu strank ni vpisano nič)</translation>
    </message>
    <message>
        <source>The clients the search “%1” shows (%2)</source>
        <translation>Stranke, ki jih kaže iskanje »%1« (%2)</translation>
    </message>
    <message>
        <source>Choose at least one client.</source>
        <translation>Izberite vsaj eno stranko.</translation>
    </message>
    <message>
        <source>%n client chosen</source>
        <translation>Izbrana %n stranka</translation>
    </message>
    <message numerus="yes">
        <source>%n clients chosen</source>
        <translation>
            <numerusform>Izbrana %n stranka</numerusform>
            <numerusform>Izbrani %n stranki</numerusform>
            <numerusform>Izbrane %n stranke</numerusform>
            <numerusform>Izbranih %n strank</numerusform>
        </translation>
    </message>
    <message>
        <source>An export of %n client for %1 into %2 did not finish.</source>
        <translation>Izvoz %n stranke za %1 v %2 se ni končal.</translation>
    </message>
    <message numerus="yes">
        <source>An export of %n clients for %1 into %2 did not finish.</source>
        <translation>
            <numerusform>Izvoz %n stranke za %1 v %2 se ni končal.</numerusform>
            <numerusform>Izvoz %n strank za %1 v %2 se ni končal.</numerusform>
            <numerusform>Izvoz %n strank za %1 v %2 se ni končal.</numerusform>
            <numerusform>Izvoz %n strank za %1 v %2 se ni končal.</numerusform>
        </translation>
    </message>
    <message>
        <source>%n client is left.</source>
        <translation>Ostala je še %n stranka.</translation>
    </message>
    <message numerus="yes">
        <source>%n clients are left.</source>
        <translation>
            <numerusform>Ostala je še %n stranka.</numerusform>
            <numerusform>Ostali sta še %n stranki.</numerusform>
            <numerusform>Ostale so še %n stranke.</numerusform>
            <numerusform>Ostalo je še %n strank.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped. %n client is left; Resume goes on where it stopped, now or another time.</source>
        <translation>Ustavljeno. Ostala je še %n stranka; Nadaljuj nadaljuje, kjer se je ustavilo, zdaj ali kdaj drugič.</translation>
    </message>
    <message numerus="yes">
        <source>Stopped. %n clients are left; Resume goes on where it stopped, now or another time.</source>
        <translation>
            <numerusform>Ustavljeno. Ostala je še %n stranka; Nadaljuj nadaljuje, kjer se je ustavilo, zdaj ali kdaj drugič.</numerusform>
            <numerusform>Ustavljeno. Ostali sta še %n stranki; Nadaljuj nadaljuje, kjer se je ustavilo, zdaj ali kdaj drugič.</numerusform>
            <numerusform>Ustavljeno. Ostale so še %n stranke; Nadaljuj nadaljuje, kjer se je ustavilo, zdaj ali kdaj drugič.</numerusform>
            <numerusform>Ustavljeno. Ostalo je še %n strank; Nadaljuj nadaljuje, kjer se je ustavilo, zdaj ali kdaj drugič.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Export for many clients…</source>
        <translation>&amp;Izvoz za več strank …</translation>
    </message>
    <message>
        <source>Save PDFs</source>
        <translation>Shrani PDF-je</translation>
    </message>
    <message>
        <source>“%1” already exists in this folder. Replace it?</source>
        <translation>»%1« v tej mapi že obstaja. Ga želite zamenjati?</translation>
    </message>
    <message>
        <source>Saving %1 (%2 of %3)…</source>
        <translation>Shranjevanje %1 (%2 od %3) …</translation>
    </message>
    <message>
        <source>Saved %1 of them to %2.</source>
        <translation>V mapo %2 shranjenih: %1.</translation>
    </message>
    <message>
        <source>Stopped before the end.</source>
        <translation>Ustavljeno pred koncem.</translation>
    </message>
    <message>
        <source>Not replaced: %1.</source>
        <translation>Ni zamenjano: %1.</translation>
    </message>
    <message>
        <source>Not available offline yet: %1.</source>
        <translation>Brez povezave še ni na voljo: %1.</translation>
    </message>
    <message>
        <source>Could not be saved: %1.</source>
        <translation>Ni bilo mogoče shraniti: %1.</translation>
    </message>
    <message>
        <source>Save PDFs into folder</source>
        <translation>Shrani PDF-je v mapo</translation>
    </message>
    <message>
        <source>Send %1 by e-mail</source>
        <translation>Pošlji %1 po e-pošti</translation>
    </message>
    <message>
        <source>Send by e-mail</source>
        <translation>Pošlji po e-pošti</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Prejemnik</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>ime@primer.si</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Sporočilo</translation>
    </message>
    <message>
        <source>Attach the PDF (%1)</source>
        <translation>Priloži PDF (%1)</translation>
    </message>
    <message>
        <source>What will be sent</source>
        <translation>Kaj bo poslano</translation>
    </message>
    <message>
        <source>Space Invoices cannot be reached now: the message waits in the outbox and is sent when the connection returns.</source>
        <translation>Space Invoices trenutno ni dosegljiv: sporočilo počaka v čakalni vrsti in bo poslano, ko bo povezava spet vzpostavljena.</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>Prejemnik:</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Zadeva:</translation>
    </message>
    <message>
        <source>Message:</source>
        <translation>Sporočilo:</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Pošlji</translation>
    </message>
    <message>
        <source>What will be sent:</source>
        <translation>Kaj bo poslano:</translation>
    </message>
    <message>
        <source>Queue to send</source>
        <translation>Postavi v vrsto za pošiljanje</translation>
    </message>
    <message>
        <source>To: %1</source>
        <translation>Prejemnik: %1</translation>
    </message>
    <message>
        <source>Attachment: %1</source>
        <translation>Priloga: %1</translation>
    </message>
    <message>
        <source>Not filled, and sent as written: %1</source>
        <translation>Ni izpolnjeno in bo poslano tako, kot je zapisano: %1</translation>
    </message>
    <message>
        <source>Enter the recipient&apos;s e-mail address.</source>
        <translation>Vnesite e-poštni naslov prejemnika.</translation>
    </message>
    <message>
        <source>“%1” is not an e-mail address. Enter one address, such as name@example.com.</source>
        <translation>»%1« ni e-poštni naslov. Vnesite en naslov, na primer ime@primer.si.</translation>
    </message>
    <message>
        <source>The message still contains placeholders that have no value: %1. The customer would see them as written.</source>
        <translation>Sporočilo še vsebuje oznake brez vrednosti: %1. Stranka bi jih videla tako, kot so zapisane.</translation>
    </message>
    <message>
        <source>Send anyway</source>
        <translation>Vseeno pošlji</translation>
    </message>
    <message>
        <source>Last real invoice</source>
        <translation>Zadnji pravi račun</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Odpri …</translation>
    </message>
    <message>
        <source>This client has no issued invoice yet.</source>
        <translation>Ta stranka še nima izdanega računa.</translation>
    </message>
    <message>
        <source>Loading the last invoice…</source>
        <translation>Nalaganje zadnjega računa …</translation>
    </message>
    <message>
        <source>The last invoice&apos;s PDF is not available offline yet.</source>
        <translation>PDF zadnjega računa brez povezave še ni na voljo.</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Prejšnja stran</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Naslednja stran</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Stran</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>Prilagodi širini</translation>
    </message>
    <message>
        <source>Fit the page to the width</source>
        <translation>Prilagodi stran širini okna</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>Shrani PDF …</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Natisni …</translation>
    </message>
    <message>
        <source>Open in system viewer</source>
        <translation>Odpri v sistemskem pregledovalniku</translation>
    </message>
    <message>
        <source>PDF page</source>
        <translation>Stran PDF</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>od %1</translation>
    </message>
    <message>
        <source>Loading the PDF…</source>
        <translation>Nalaganje PDF-ja …</translation>
    </message>
    <message>
        <source>This PDF is not available offline yet. It is shown as soon as Space Invoices can be reached, and kept from then on.</source>
        <translation>Ta PDF brez povezave še ni na voljo. Prikazan bo, takoj ko bo Space Invoices dosegljiv, in od takrat naprej shranjen.</translation>
    </message>
    <message>
        <source>This PDF cannot be shown.</source>
        <translation>Tega PDF-ja ni mogoče prikazati.</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>Shrani PDF</translation>
    </message>
    <message>
        <source>The PDF could not be saved: %1</source>
        <translation>PDF-ja ni bilo mogoče shraniti: %1</translation>
    </message>
    <message>
        <source>The PDF could not be saved for the viewer: %1</source>
        <translation>PDF-ja ni bilo mogoče shraniti za pregledovalnik: %1</translation>
    </message>
    <message>
        <source>No program to open PDFs was found. The file is here: %1</source>
        <translation>Ni programa za odpiranje PDF-jev. Datoteka je tukaj: %1</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Tiskanje …</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Natisni</translation>
    </message>
    <message>
        <source>The printer could not be started.</source>
        <translation>Tiskalnika ni bilo mogoče zagnati.</translation>
    </message>
    <message>
        <source>The client&apos;s most recent issued invoice as Space Invoices rendered it, beside the app&apos;s sample.</source>
        <translation>Zadnji izdani račun stranke, kot ga je pripravil Space Invoices, ob vzorcu iz aplikacije.</translation>
    </message>
    <message>
        <source>%1, as Space Invoices rendered it</source>
        <translation>%1, kot ga je pripravil Space Invoices</translation>
    </message>
    <message>
        <source>The last invoice&apos;s PDF could not be loaded.</source>
        <translation>PDF-ja zadnjega računa ni bilo mogoče naložiti.</translation>
    </message>
    <message>
        <source>Draft %1</source>
        <translation>Osnutek (%1)</translation>
    </message>
    <message>
        <source>Credit note for invoice %1</source>
        <translation>Dobropis za račun %1</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>Shrani osnutek</translation>
    </message>
    <message>
        <source>Save without a number; issue it later</source>
        <translation>Shrani brez številke; izdaj pozneje</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Izdaj</translation>
    </message>
    <message>
        <source>Save and give it its number: an issued document cannot be deleted, only voided</source>
        <translation>Shrani in dodeli številko: izdanega dokumenta ni mogoče izbrisati, le stornirati</translation>
    </message>
    <message>
        <source>Choose a customer or type a new name</source>
        <translation>Izberite kupca ali vpišite novo ime</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kupec</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Naslov</translation>
    </message>
    <message>
        <source>Post code</source>
        <translation>Poštna številka</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Kraj</translation>
    </message>
    <message>
        <source>Tax number</source>
        <translation>Davčna številka</translation>
    </message>
    <message>
        <source>Post code, city</source>
        <translation>Pošta, kraj</translation>
    </message>
    <message>
        <source>Save as a new customer of this client</source>
        <translation>Shrani kot novega kupca te stranke</translation>
    </message>
    <message>
        <source>No business unit</source>
        <translation>Brez poslovne enote</translation>
    </message>
    <message>
        <source>Business unit</source>
        <translation>Poslovna enota</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Velja do</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Rok plačila</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Sklic</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Valuta</translation>
    </message>
    <message>
        <source>For invoice %1</source>
        <translation>Za račun %1</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Dobropis za</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Postavke</translation>
    </message>
    <message>
        <source>Price with tax</source>
        <translation>Cena z DDV</translation>
    </message>
    <message>
        <source>Discount %</source>
        <translation>Popust %</translation>
    </message>
    <message>
        <source>Add line</source>
        <translation>Dodaj postavko</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>Odstrani postavko</translation>
    </message>
    <message>
        <source>Prices include tax</source>
        <translation>Cene vključujejo davek</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Opomba</translation>
    </message>
    <message>
        <source>Payment terms</source>
        <translation>Plačilni pogoji</translation>
    </message>
    <message>
        <source>Footer</source>
        <translation>Noga</translation>
    </message>
    <message>
        <source>Placeholders such as {entity_name} are filled in when the document is made into a PDF.</source>
        <translation>Spremenljivke, kot je {entity_name}, se izpolnijo, ko se iz dokumenta naredi PDF.</translation>
    </message>
    <message>
        <source>Asking Space Invoices for the next number…</source>
        <translation>Space Invoices sprašujem za naslednjo številko …</translation>
    </message>
    <message>
        <source>Will be %1 when issued</source>
        <translation>Ob izdaji bo %1</translation>
    </message>
    <message>
        <source>Number given when issued</source>
        <translation>Številka bo dodeljena ob izdaji</translation>
    </message>
    <message>
        <source>Space Invoices cannot be reached: the document is kept on this computer, not yet on Space Invoices and with no number yet, until it can be sent.</source>
        <translation>Space Invoices ni dosegljiv: dokument ostane na tem računalniku, še ne v Space Invoices in še brez številke, dokler ga ne bo mogoče poslati.</translation>
    </message>
    <message>
        <source>Net amount</source>
        <translation>Znesek brez davka</translation>
    </message>
    <message>
        <source>Discounts</source>
        <translation>Popusti</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Davek</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 od %2</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Skupaj</translation>
    </message>
    <message>
        <source>The due date cannot be before the document&apos;s date.</source>
        <translation>Rok plačila ne more biti pred datumom dokumenta.</translation>
    </message>
    <message>
        <source>“Valid until” cannot be before the document&apos;s date.</source>
        <translation>»Velja do« ne more biti pred datumom dokumenta.</translation>
    </message>
    <message>
        <source>Kept on this computer, not sent: see the changes that need you.</source>
        <translation>Shranjeno na tem računalniku, ne poslano: oglejte si spremembe, ki potrebujejo vašo odločitev.</translation>
    </message>
    <message>
        <source>%1 %2 issued.</source>
        <translation>%1 %2 izdan.</translation>
    </message>
    <message>
        <source>Draft saved.</source>
        <translation>Osnutek shranjen.</translation>
    </message>
    <message>
        <source>Space Invoices did not accept some values; see the marked fields.</source>
        <translation>Space Invoices nekaterih vrednosti ni sprejel; oglejte si označena polja.</translation>
    </message>
    <message>
        <source>Space Invoices did not accept some values: %1</source>
        <translation>Space Invoices nekaterih vrednosti ni sprejel: %1</translation>
    </message>
    <message>
        <source>Saved as a draft; Space Invoices did not issue it: %1</source>
        <translation>Shranjeno kot osnutek; Space Invoices ga ni izdal: %1</translation>
    </message>
    <message>
        <source>No tax</source>
        <translation>Brez davka</translation>
    </message>
    <message>
        <source>A line needs the name of what is sold.</source>
        <translation>Postavka potrebuje ime tega, kar se prodaja.</translation>
    </message>
    <message>
        <source>The quantity is not a number.</source>
        <translation>Količina ni število.</translation>
    </message>
    <message>
        <source>The quantity cannot be below zero.</source>
        <translation>Količina ne more biti manjša od nič.</translation>
    </message>
    <message>
        <source>The price is not a number.</source>
        <translation>Cena ni število.</translation>
    </message>
    <message>
        <source>A line needs a price.</source>
        <translation>Postavka potrebuje ceno.</translation>
    </message>
    <message>
        <source>The discount is not a number.</source>
        <translation>Popust ni število.</translation>
    </message>
    <message>
        <source>A discount is a percentage from 0 to 100.</source>
        <translation>Popust je odstotek od 0 do 100.</translation>
    </message>
    <message>
        <source>At most %1 taxes on one line in this client&apos;s country.</source>
        <translation>V državi te stranke sme imeti postavka največ toliko davkov: %1.</translation>
    </message>
    <message>
        <source>Line %1, %2: %3</source>
        <translation>Postavka %1, %2: %3</translation>
    </message>
    <message>
        <source>A document needs at least one line.</source>
        <translation>Dokument potrebuje vsaj eno postavko.</translation>
    </message>
    <message>
        <source>no number yet</source>
        <translation>še brez številke</translation>
    </message>
    <message>
        <source>Draft, not sent yet</source>
        <translation>Osnutek, še ni poslan</translation>
    </message>
    <message>
        <source>waiting to be sent</source>
        <translation>čaka na pošiljanje</translation>
    </message>
    <message>
        <source>%n document</source>
        <translation>%n dokument</translation>
    </message>
    <message>
        <source>%1 of %2 documents</source>
        <translation>%1 od %2 dokumentov</translation>
    </message>
    <message>
        <source>Unpaid %1</source>
        <translation>Neplačano %1</translation>
    </message>
    <message>
        <source>New invoice (Ctrl+N)</source>
        <translation>Nov račun (Ctrl+N)</translation>
    </message>
    <message>
        <source>Open the document (Enter)</source>
        <translation>Odpri dokument (Enter)</translation>
    </message>
    <message>
        <source>Mark paid…</source>
        <translation>Označi kot plačano …</translation>
    </message>
    <message>
        <source>Record a payment of what is due on each chosen invoice</source>
        <translation>Vsakemu izbranemu računu zabeleži plačilo odprtega zneska</translation>
    </message>
    <message>
        <source>Delete draft…</source>
        <translation>Izbriši osnutek …</translation>
    </message>
    <message>
        <source>Delete the chosen draft (Delete)</source>
        <translation>Izbriši izbrani osnutek (Delete)</translation>
    </message>
    <message>
        <source>Search number or customer</source>
        <translation>Išči številko ali kupca</translation>
    </message>
    <message>
        <source>Search documents</source>
        <translation>Iskanje dokumentov</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Vrsta</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>Vse vrste</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Vsa stanja</translation>
    </message>
    <message>
        <source>Unpaid, partly paid or overdue</source>
        <translation>Neplačano, delno plačano ali zapadlo</translation>
    </message>
    <message>
        <source>All business units</source>
        <translation>Vse poslovne enote</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Počisti filtre</translation>
    </message>
    <message>
        <source>Partly paid</source>
        <translation>Delno plačano</translation>
    </message>
    <message>
        <source>Load older</source>
        <translation>Naloži starejše</translation>
    </message>
    <message>
        <source>Read the year before from Space Invoices</source>
        <translation>Iz Space Invoices preberi leto prej</translation>
    </message>
    <message>
        <source>%1 (archived)</source>
        <translation>%1 (arhivirana)</translation>
    </message>
    <message>
        <source>This client&apos;s documents have not been read from Space Invoices yet.</source>
        <translation>Dokumenti te stranke še niso bili prebrani iz Space Invoices.</translation>
    </message>
    <message>
        <source>No documents yet. Start the first with New invoice (Ctrl+N).</source>
        <translation>Dokumentov še ni. Prvega začnete z Nov račun (Ctrl+N).</translation>
    </message>
    <message>
        <source>No document matches the search and filters.</source>
        <translation>Iskanju in filtrom ne ustreza noben dokument.</translation>
    </message>
    <message>
        <source>Documents are read from Space Invoices when it can be reached.</source>
        <translation>Dokumenti se preberejo iz Space Invoices, ko bo dosegljiv.</translation>
    </message>
    <message>
        <source>Reading documents from Space Invoices…</source>
        <translation>Branje dokumentov iz Space Invoices …</translation>
    </message>
    <message>
        <source>Documents since %1 are kept on this computer</source>
        <translation>Dokumenti od %1 so shranjeni na tem računalniku</translation>
    </message>
    <message>
        <source>Draft deleted.</source>
        <translation>Osnutek izbrisan.</translation>
    </message>
    <message>
        <source>Older documents loaded.</source>
        <translation>Starejši dokumenti naloženi.</translation>
    </message>
    <message>
        <source>Delete draft</source>
        <translation>Izbriši osnutek</translation>
    </message>
    <message>
        <source>document</source>
        <translation>dokument</translation>
    </message>
    <message>
        <source>Delete this draft %1?</source>
        <translation>Izbrišem ta osnutek (%1)?</translation>
    </message>
    <message>
        <source>Delete this draft %1 for “%2”?</source>
        <translation>Izbrišem ta osnutek (%1) za »%2«?</translation>
    </message>
    <message>
        <source>A draft has no number yet; deleting it cannot be undone.</source>
        <translation>Osnutek še nima številke; brisanja ni mogoče razveljaviti.</translation>
    </message>
    <message>
        <source>Change payment</source>
        <translation>Spremeni plačilo</translation>
    </message>
    <message>
        <source>Record payment for %1</source>
        <translation>Zabeleži plačilo za %1</translation>
    </message>
    <message>
        <source>Amount (%1)</source>
        <translation>Znesek (%1)</translation>
    </message>
    <message>
        <source>Due now: %1</source>
        <translation>Odprto zdaj: %1</translation>
    </message>
    <message>
        <source>Save payment</source>
        <translation>Shrani plačilo</translation>
    </message>
    <message>
        <source>Record payment</source>
        <translation>Zabeleži plačilo</translation>
    </message>
    <message>
        <source>Type the amount paid, for example 120,50.</source>
        <translation>Vpišite plačani znesek, na primer 120,50.</translation>
    </message>
    <message>
        <source>A payment is more than zero.</source>
        <translation>Plačilo mora biti večje od nič.</translation>
    </message>
    <message>
        <source>Delete payment</source>
        <translation>Izbriši plačilo</translation>
    </message>
    <message>
        <source>Delete the payment of %1?</source>
        <translation>Izbrišem plačilo v znesku %1?</translation>
    </message>
    <message>
        <source>What is due on the document goes up by as much.</source>
        <translation>Odprti znesek dokumenta se za toliko poveča.</translation>
    </message>
    <message>
        <source>Mark paid</source>
        <translation>Označi kot plačano</translation>
    </message>
    <message>
        <source>Mark %n invoice paid: %1 in all.</source>
        <translation>Označi %n račun kot plačan: skupaj %1.</translation>
    </message>
    <message>
        <source>Each gets one payment of what is due on it.</source>
        <translation>Vsak dobi eno plačilo svojega odprtega zneska.</translation>
    </message>
    <message>
        <source>Not recorded: %1</source>
        <translation>Ni zabeleženo: %1</translation>
    </message>
    <message>
        <source>%n invoice marked paid.</source>
        <translation>%n račun označen kot plačan.</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>Preglej …</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Podrobnosti</translation>
    </message>
    <message>
        <source>Give the draft its number: an issued document cannot be deleted, only voided</source>
        <translation>Osnutku dodeli številko: izdanega dokumenta ni mogoče izbrisati, le stornirati</translation>
    </message>
    <message>
        <source>Change draft…</source>
        <translation>Spremeni osnutek …</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>Storniraj …</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Podvoji</translation>
    </message>
    <message>
        <source>Credit note…</source>
        <translation>Dobropis …</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Postavka</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Količina</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Enota</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Cena</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Popust</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Znesek</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Plačila</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stanje</translation>
    </message>
    <message>
        <source>No payments yet.</source>
        <translation>Plačil še ni.</translation>
    </message>
    <message>
        <source>Record payment…</source>
        <translation>Zabeleži plačilo …</translation>
    </message>
    <message>
        <source>Change payment…</source>
        <translation>Spremeni plačilo …</translation>
    </message>
    <message>
        <source>Delete payment…</source>
        <translation>Izbriši plačilo …</translation>
    </message>
    <message>
        <source>Linked documents</source>
        <translation>Povezani dokumenti</translation>
    </message>
    <message>
        <source>Reason voided</source>
        <translation>Razlog storna</translation>
    </message>
    <message>
        <source>This document is no longer here.</source>
        <translation>Tega dokumenta ni več.</translation>
    </message>
    <message>
        <source>It was deleted, on this computer or on Space Invoices.</source>
        <translation>Izbrisan je bil na tem računalniku ali v Space Invoices.</translation>
    </message>
    <message>
        <source>It is created as a draft on Space Invoices when it can be reached; it is issued only when you choose Issue.</source>
        <translation>V Space Invoices bo ustvarjen kot osnutek, ko bo dosegljiv; izdan bo šele, ko izberete Izdaj.</translation>
    </message>
    <message>
        <source>A change of this document was not sent and needs you.</source>
        <translation>Sprememba tega dokumenta ni bila poslana in potrebuje vašo odločitev.</translation>
    </message>
    <message>
        <source>(with tax)</source>
        <translation>(z DDV)</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>Zneski</translation>
    </message>
    <message>
        <source>computed by Space Invoices when it is sent</source>
        <translation>izračuna jih Space Invoices, ko je poslan</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Plačano</translation>
    </message>
    <message>
        <source>Overpaid</source>
        <translation>Preplačano</translation>
    </message>
    <message>
        <source>(not on this computer)</source>
        <translation>(ni na tem računalniku)</translation>
    </message>
    <message>
        <source>The issue waits on this computer; the number is given when Space Invoices can be reached.</source>
        <translation>Izdaja čaka na tem računalniku; številka bo dodeljena, ko bo Space Invoices dosegljiv.</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Storniraj</translation>
    </message>
    <message>
        <source>Void %1 %2?</source>
        <translation>Storniram %1 %2?</translation>
    </message>
    <message>
        <source>It keeps its number and cannot be changed or paid any more. Voiding cannot be undone.</source>
        <translation>Številka ostane, dokumenta pa ni več mogoče spreminjati ali plačevati. Storna ni mogoče razveljaviti.</translation>
    </message>
    <message>
        <source>Reason (optional)</source>
        <translation>Razlog (neobvezno)</translation>
    </message>
    <message>
        <source>Voided.</source>
        <translation>Stornirano.</translation>
    </message>
    <message>
        <source>(no customer)</source>
        <translation>(brez kupca)</translation>
    </message>
    <message>
        <source>Tax number %1</source>
        <translation>Davčna številka %1</translation>
    </message>
    <message>
        <source>New invoice</source>
        <translation>Nov račun</translation>
    </message>
    <message>
        <source>New estimate</source>
        <translation>Nov predračun</translation>
    </message>
    <message>
        <source>New credit note</source>
        <translation>Nov dobropis</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Osnutek</translation>
    </message>
    <message>
        <source>Unpaid</source>
        <translation>Neplačano</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Zapadlo</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Stornirano</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>Bančno nakazilo</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Gotovina</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Kartica</translation>
    </message>
    <message>
        <source>PayPal</source>
        <translation>PayPal</translation>
    </message>
    <message>
        <source>Cheque</source>
        <translation>Ček</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>Kupon</translation>
    </message>
    <message>
        <source>Advance</source>
        <translation>Avans</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Drugo</translation>
    </message>
    <message>
        <source>All dates</source>
        <translation>Vsi datumi</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Ta mesec</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Prejšnji mesec</translation>
    </message>
    <message>
        <source>This quarter</source>
        <translation>To četrtletje</translation>
    </message>
    <message>
        <source>Last quarter</source>
        <translation>Prejšnje četrtletje</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>Letos</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>Lani</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>Zadnjih 12 mesecev</translation>
    </message>
    <message>
        <source>Not yet on Space Invoices, no number yet</source>
        <translation>Še ni v Space Invoices, še brez številke</translation>
    </message>
    <message>
        <source>create</source>
        <translation>nov dokument</translation>
    </message>
    <message>
        <source>changes</source>
        <translation>spremembe</translation>
    </message>
    <message>
        <source>issue</source>
        <translation>izdaja</translation>
    </message>
    <message>
        <source>void</source>
        <translation>storno</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>brisanje</translation>
    </message>
    <message>
        <source>Waiting to be sent: %1</source>
        <translation>Čaka na pošiljanje: %1</translation>
    </message>
    <message>
        <source>First numbers per unit</source>
        <translation>Prve številke po enotah</translation>
    </message>
    <message>
        <source>Each unit counts on its own. A unit that moves to Space Invoices part-way through the year starts at the number it had reached.</source>
        <translation>Vsaka enota šteje zase. Enota, ki sredi leta preide na Space Invoices, začne pri številki, do katere je prišla.</translation>
    </message>
    <message>
        <source>{unit} (number {index})</source>
        <translation>{unit} (številka {index})</translation>
    </message>
    <message>
        <source>First number: %1, %2</source>
        <translation>Prva številka: %1, %2</translation>
    </message>
    <message>
        <source>Asking Space Invoices for the next numbers…</source>
        <translation>Space Invoices sprašujem za naslednje številke …</translation>
    </message>
    <message>
        <source>Next numbers of invoices, estimates and credit notes come from Space Invoices&apos; own counters; a changed format or first number shows what it gives once saved.</source>
        <translation>Naslednje številke računov, predračunov in dobropisov so iz števcev Space Invoices; spremenjena oblika ali prva številka pokaže, kaj bo dala po shranjevanju.</translation>
    </message>
    <message>
        <source>Space Invoices cannot be asked now: next numbers follow the last document on this computer and the first numbers.</source>
        <translation>Space Invoices zdaj ni dosegljiv: naslednje številke sledijo zadnjemu dokumentu na tem računalniku in prvim številkam.</translation>
    </message>
    <message>
        <source>The last number on 31 December if no more documents are issued in {year}, and the first on 1 January. The counts are the documents issued in {year} so far, as this computer&apos;s copy has them. A format with a year restarts at 1; one without keeps counting.</source>
        <translation>Zadnja številka 31. decembra, če v letu {year} ne bo izdan noben dokument več, in prva 1. januarja. Števila so dokumenti, izdani v letu {year} doslej, po kopiji na tem računalniku. Oblika z letnico začne znova pri 1; oblika brez nje šteje naprej.</translation>
    </message>
    <message>
        <source>{name}, unit</source>
        <translation>{name}, enota</translation>
    </message>
    <message>
        <source>{what}: {count} in {year}</source>
        <translation>{what}: {count} v letu {year}</translation>
    </message>
    <message>
        <source>none issued yet</source>
        <translation>izdan še noben</translation>
    </message>
    <message>
        <source>Issue the draft: it gets its number</source>
        <translation>Izdaj osnutek: dobi svojo številko</translation>
    </message>
    <message>
        <source>Void it (it keeps its number)</source>
        <translation>Storniraj (številka ostane)</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Razlog: %1</translation>
    </message>
    <message>
        <source>Delete the draft</source>
        <translation>Izbriši osnutek</translation>
    </message>
    <message>
        <source>Delete the payment</source>
        <translation>Izbriši plačilo</translation>
    </message>
    <message>
        <source>A new draft %1</source>
        <translation>Nov osnutek (%1)</translation>
    </message>
    <message>
        <source>A payment of %1 (%2)</source>
        <translation>Plačilo %1 (%2)</translation>
    </message>
    <message>
        <source>A new customer</source>
        <translation>Nov kupec</translation>
    </message>
    <message>
        <source>%1 line: %2</source>
        <translation>%1 postavka: %2</translation>
    </message>
    <message>
        <source>%1 lines: %2</source>
        <translation>Postavke (%1): %2</translation>
    </message>
    <message>
        <source>%1 of “%2”</source>
        <translation>%1 stranke »%2«</translation>
    </message>
    <message>
        <source>New %1 (not yet on Space Invoices)</source>
        <translation>Nov dokument (%1), še ni v Space Invoices</translation>
    </message>
    <message>
        <source>%1 for “%2”</source>
        <translation>%1 za »%2«</translation>
    </message>
    <message>
        <source>Payment on %1</source>
        <translation>Plačilo: %1</translation>
    </message>
    <message>
        <source>a document no longer here</source>
        <translation>dokumenta ni več</translation>
    </message>
    <message>
        <source>Customer “%1”</source>
        <translation>Kupec »%1«</translation>
    </message>
    <message>
        <source>Still to pay</source>
        <translation>Še za plačilo</translation>
    </message>
    <message>
        <source>Save PDFs…</source>
        <translation>Shrani PDF-je …</translation>
    </message>
    <message>
        <source>Save the PDFs of the chosen documents into a folder, one file each</source>
        <translation>Shrani PDF-je izbranih dokumentov v mapo, vsakega v svojo datoteko</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Izvozi …</translation>
    </message>
    <message>
        <source>Export this client&apos;s documents of a period as an Excel workbook, a CSV file or PDFs in a ZIP</source>
        <translation>Izvozi dokumente te stranke za obdobje kot Excelov delovni zvezek, datoteko CSV ali PDF-je v arhivu ZIP</translation>
    </message>
    <message>
        <source>This draft is not on Space Invoices yet, so it has no PDF. Space Invoices makes it once the draft reaches it.</source>
        <translation>Tega osnutka še ni v storitvi Space Invoices, zato še nima PDF-ja. Space Invoices ga pripravi, ko osnutek prispe tja.</translation>
    </message>
    <message>
        <source>Space Invoices did not send this PDF. Try again later.</source>
        <translation>Space Invoices tega PDF-ja ni poslal. Poskusite znova pozneje.</translation>
    </message>
    <message>
        <source>The PDF could not be fetched: %1</source>
        <translation>PDF-ja ni bilo mogoče prenesti: %1</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>Send by e-mail…</source>
        <translation>Pošlji po e-pošti …</translation>
    </message>
    <message>
        <source>Save the PDF as the customer receives it</source>
        <translation>Shrani PDF, kot ga prejme kupec</translation>
    </message>
    <message>
        <source>A draft has no number yet: issue it to save the PDF the customer gets</source>
        <translation>Osnutek še nima številke: izdajte ga, da shranite PDF, ki ga prejme kupec</translation>
    </message>
    <message>
        <source>Print the PDF</source>
        <translation>Natisni PDF</translation>
    </message>
    <message>
        <source>This draft is not on Space Invoices yet, so it has no PDF to print</source>
        <translation>Tega osnutka še ni v storitvi Space Invoices, zato nima PDF-ja za tiskanje</translation>
    </message>
    <message>
        <source>E-mail the document to the customer</source>
        <translation>Pošlji dokument kupcu po e-pošti</translation>
    </message>
    <message>
        <source>A draft cannot be sent: issue it first</source>
        <translation>Osnutka ni mogoče poslati: najprej ga izdajte</translation>
    </message>
    <message>
        <source>Save PDF into folder</source>
        <translation>Shrani PDF v mapo</translation>
    </message>
    <message>
        <source>Saved as %1.</source>
        <translation>Shranjeno kot %1.</translation>
    </message>
    <message>
        <source>The PDF is not available offline yet: it is saved once Space Invoices can be reached.</source>
        <translation>PDF brez povezave še ni na voljo: shranite ga lahko, ko bo Space Invoices dosegljiv.</translation>
    </message>
    <message>
        <source>Sent to %1.</source>
        <translation>Poslano na %1.</translation>
    </message>
    <message>
        <source>The message to %1 waits on this computer: it is sent when Space Invoices can be reached.</source>
        <translation>Sporočilo za %1 čaka v tem računalniku: poslano bo, ko bo Space Invoices dosegljiv.</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>e-pošta</translation>
    </message>
    <message numerus="yes">
        <source>%n draft left out: a draft has no number and no PDF for the customer yet.</source>
        <translation>
            <numerusform>Izpuščen %n osnutek: osnutek še nima številke in ne PDF-ja za kupca.</numerusform>
            <numerusform>Izpuščena %n osnutka: osnutek še nima številke in ne PDF-ja za kupca.</numerusform>
            <numerusform>Izpuščeni %n osnutki: osnutek še nima številke in ne PDF-ja za kupca.</numerusform>
            <numerusform>Izpuščenih %n osnutkov: osnutek še nima številke in ne PDF-ja za kupca.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n drafts left out: a draft has no number and no PDF for the customer yet.</source>
        <translation>
            <numerusform>Izpuščen %n osnutek: osnutek še nima številke in ne PDF-ja za kupca.</numerusform>
            <numerusform>Izpuščena %n osnutka: osnutek še nima številke in ne PDF-ja za kupca.</numerusform>
            <numerusform>Izpuščeni %n osnutki: osnutek še nima številke in ne PDF-ja za kupca.</numerusform>
            <numerusform>Izpuščenih %n osnutkov: osnutek še nima številke in ne PDF-ja za kupca.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>%n zapadel</numerusform>
            <numerusform>%n zapadla</numerusform>
            <numerusform>%n zapadli</numerusform>
            <numerusform>%n zapadlih</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n drafts</source>
        <translation>
            <numerusform>%n osnutek</numerusform>
            <numerusform>%n osnutka</numerusform>
            <numerusform>%n osnutki</numerusform>
            <numerusform>%n osnutkov</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue invoices: %1</source>
        <translation>
            <numerusform>%n zapadel račun: %1</numerusform>
            <numerusform>%n zapadla računa: %1</numerusform>
            <numerusform>%n zapadli računi: %1</numerusform>
            <numerusform>%n zapadlih računov: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n drafts waiting</source>
        <translation>
            <numerusform>%n osnutek čaka</numerusform>
            <numerusform>%n osnutka čakata</numerusform>
            <numerusform>%n osnutki čakajo</numerusform>
            <numerusform>%n osnutkov čaka</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 unpaid</source>
        <translation>%1 neplačano</translation>
    </message>
    <message>
        <source>Unpaid: %1</source>
        <translation>Neplačano: %1</translation>
    </message>
    <message>
        <source>Last invoice: %1</source>
        <translation>Zadnji račun: %1</translation>
    </message>
    <message>
        <source>Bookkeeper: %1</source>
        <translation>Knjigovodja: %1</translation>
    </message>
    <message>
        <source>By name</source>
        <translation>Po imenu</translation>
    </message>
    <message>
        <source>Overdue first</source>
        <translation>Najprej zapadli</translation>
    </message>
    <message>
        <source>Most unpaid first</source>
        <translation>Najprej največ neplačanega</translation>
    </message>
    <message>
        <source>Last invoiced first</source>
        <translation>Po zadnjem računu</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Potrebujejo pozornost</translation>
    </message>
    <message>
        <source>Has drafts</source>
        <translation>Z osnutki</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Onemogočene</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Moje</translation>
    </message>
    <message>
        <source>Set your name in Preferences first</source>
        <translation>Najprej v Nastavitvah vpišite svoje ime</translation>
    </message>
    <message>
        <source>Country: %1</source>
        <translation>Država: %1</translation>
    </message>
    <message>
        <source>Sort clients by</source>
        <translation>Razvrsti stranke</translation>
    </message>
    <message>
        <source>Show clients</source>
        <translation>Prikaži stranke</translation>
    </message>
</context>
<context>
    <name>BusinessUnitsPage</name>
    <message>
        <source>Branding</source>
        <translation>Celostna podoba</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-pošta</translation>
    </message>
    <message>
        <source>Bank accounts</source>
        <translation>Bančni računi</translation>
    </message>
    <message>
        <source>Number formats</source>
        <translation>Oblike številčenja</translation>
    </message>
    <message>
        <source>Document texts</source>
        <translation>Besedila dokumentov</translation>
    </message>
    <message>
        <source>Tax clauses</source>
        <translation>Davčna določila</translation>
    </message>
    <message>
        <source>Translations</source>
        <translation>Prevodi</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ime</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Kraj</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Št.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stanje</translation>
    </message>
    <message>
        <source>Overrides</source>
        <translation>Lastne nastavitve</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Naslov</translation>
    </message>
    <message>
        <source>Address line 2</source>
        <translation>Naslov, 2. vrstica</translation>
    </message>
    <message>
        <source>Post code</source>
        <translation>Poštna številka</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zvezna država ali pokrajina</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Država</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Spletna stran</translation>
    </message>
</context>
<context>
    <name>Editors</name>
    <message>
        <source>The year, four digits (2026)</source>
        <translation>Leto, štiri števke (2026)</translation>
    </message>
    <message>
        <source>The year, two digits (26)</source>
        <translation>Leto, dve števki (26)</translation>
    </message>
    <message>
        <source>The sequence number, at least five digits (00042)</source>
        <translation>Zaporedna številka, vsaj pet števk (00042)</translation>
    </message>
    <message>
        <source>The business unit&apos;s number (business-unit formats only)</source>
        <translation>Številka poslovne enote (samo v oblikah za poslovne enote)</translation>
    </message>
</context>
<context>
    <name>NewClientDialog</name>
    <message>
        <source>Address</source>
        <translation>Naslov</translation>
    </message>
    <message>
        <source>Post code</source>
        <translation>Poštna številka</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Kraj</translation>
    </message>
    <message>
        <source>Tax number</source>
        <translation>Davčna številka</translation>
    </message>
    <message>
        <source>Company number</source>
        <translation>Matična številka</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-pošta</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Produkcija</translation>
    </message>
    <message>
        <source>Real documents for real customers.</source>
        <translation>Pravi dokumenti za prave kupce.</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>Peskovnik</translation>
    </message>
    <message>
        <source>For trying things out: its documents are tests, never issued for real.</source>
        <translation>Za preizkušanje: njeni dokumenti so preizkusni in nikoli zares izdani.</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Name</source>
        <translation>Ime</translation>
    </message>
    <message>
        <source>Tax number</source>
        <translation>Davčna številka</translation>
    </message>
    <message>
        <source>Second tax number</source>
        <translation>Druga davčna številka</translation>
    </message>
    <message>
        <source>Company number</source>
        <translation>Matična številka</translation>
    </message>
    <message>
        <source>Fiscal region</source>
        <translation>Davčna regija</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Naslov</translation>
    </message>
    <message>
        <source>Address line 2</source>
        <translation>Naslov, 2. vrstica</translation>
    </message>
    <message>
        <source>Post code</source>
        <translation>Poštna številka</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Kraj</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zvezna država ali pokrajina</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Država</translation>
    </message>
    <message>
        <source>Country code</source>
        <translation>Oznaka države</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-pošta</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Spletna stran</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Valuta</translation>
    </message>
    <message>
        <source>Locale</source>
        <translation>Jezikovna nastavitev</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Podjetje</translation>
    </message>
    <message>
        <source>Contact and language</source>
        <translation>Stik in jezik</translation>
    </message>
</context>
<context>
    <name>Placeholders</name>
    <message>
        <source>Company</source>
        <translation>Podjetje</translation>
    </message>
    <message>
        <source>The client business&apos;s name</source>
        <translation>Ime podjetja stranke</translation>
    </message>
    <message>
        <source>Its e-mail address</source>
        <translation>Njegov e-poštni naslov</translation>
    </message>
    <message>
        <source>Its street address</source>
        <translation>Njegov naslov (ulica)</translation>
    </message>
    <message>
        <source>Its post code</source>
        <translation>Njegova poštna številka</translation>
    </message>
    <message>
        <source>Its city</source>
        <translation>Njegov kraj</translation>
    </message>
    <message>
        <source>Its country</source>
        <translation>Njegova država</translation>
    </message>
    <message>
        <source>Its tax (VAT) number</source>
        <translation>Njegova davčna številka (ID za DDV)</translation>
    </message>
    <message>
        <source>Its company registration number</source>
        <translation>Njegova matična številka</translation>
    </message>
    <message>
        <source>Its registered starting capital</source>
        <translation>Njegov vpisani osnovni kapital</translation>
    </message>
    <message>
        <source>Business unit</source>
        <translation>Poslovna enota</translation>
    </message>
    <message>
        <source>The business unit&apos;s name</source>
        <translation>Ime poslovne enote</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>The document&apos;s number</source>
        <translation>Številka dokumenta</translation>
    </message>
    <message>
        <source>The date it was issued</source>
        <translation>Datum izdaje</translation>
    </message>
    <message>
        <source>The date payment is due</source>
        <translation>Rok plačila</translation>
    </message>
    <message>
        <source>The last day an estimate is valid</source>
        <translation>Zadnji dan veljavnosti predračuna</translation>
    </message>
    <message>
        <source>The total with tax, without the currency: {document_currency} follows it</source>
        <translation>Skupni znesek z DDV, brez valute: za njim sledi {document_currency}</translation>
    </message>
    <message>
        <source>The currency code</source>
        <translation>Oznaka valute</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kupec</translation>
    </message>
    <message>
        <source>The customer&apos;s name</source>
        <translation>Ime kupca</translation>
    </message>
    <message>
        <source>The customer&apos;s e-mail address</source>
        <translation>E-poštni naslov kupca</translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation>Opomini</translation>
    </message>
    <message>
        <source>The list of overdue invoices</source>
        <translation>Seznam zapadlih računov</translation>
    </message>
    <message>
        <source>How to pay</source>
        <translation>Navodila za plačilo</translation>
    </message>
    <message>
        <source>The total amount overdue, with its currency</source>
        <translation>Skupni zapadli znesek, z valuto</translation>
    </message>
    <message>
        <source>How many invoices are overdue</source>
        <translation>Število zapadlih računov</translation>
    </message>
    <message>
        <source>Bank account</source>
        <translation>Bančni račun</translation>
    </message>
    <message>
        <source>The default bank account, in one line</source>
        <translation>Privzeti bančni račun v eni vrstici</translation>
    </message>
    <message>
        <source>Its IBAN</source>
        <translation>Njegov IBAN</translation>
    </message>
    <message>
        <source>Its bank&apos;s name</source>
        <translation>Ime njegove banke</translation>
    </message>
    <message>
        <source>Its BIC (SWIFT code)</source>
        <translation>Njegov BIC (koda SWIFT)</translation>
    </message>
    <message>
        <source>Its account number</source>
        <translation>Njegova številka računa</translation>
    </message>
    <message>
        <source>The default account&apos;s IBAN</source>
        <translation>IBAN privzetega računa</translation>
    </message>
    <message>
        <source>The default account&apos;s BIC (SWIFT code)</source>
        <translation>BIC privzetega računa (koda SWIFT)</translation>
    </message>
    <message>
        <source>The default account&apos;s bank name</source>
        <translation>Ime banke privzetega računa</translation>
    </message>
    <message>
        <source>The default account&apos;s account number</source>
        <translation>Številka privzetega računa</translation>
    </message>
    <message>
        <source>The default account&apos;s routing number (US)</source>
        <translation>Številka za usmerjanje privzetega računa (ZDA)</translation>
    </message>
    <message>
        <source>The default account&apos;s sort code (UK)</source>
        <translation>Koda banke privzetega računa (Združeno kraljestvo)</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Drugo</translation>
    </message>
    <message>
        <source>Today&apos;s date</source>
        <translation>Današnji datum</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>Letošnje leto</translation>
    </message>
    <message>
        <source>A link where the customer can view the document</source>
        <translation>Povezava, na kateri si kupec lahko ogleda dokument</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>Follow the system</source>
        <translation>Kot v sistemu</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Svetla</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Temna</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Samo napake</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Opozorila in napake</translation>
    </message>
    <message>
        <source>Information (default)</source>
        <translation>Obvestila (privzeto)</translation>
    </message>
    <message>
        <source>Everything, for a bug report</source>
        <translation>Vse, za prijavo napake</translation>
    </message>
    <message>
        <source>Metadata key of the bookkeeper</source>
        <translation>Ključ metapodatkov za knjigovodjo</translation>
    </message>
    <message>
        <source>The client metadata key that names the client's bookkeeper.</source>
        <translation>Ključ metapodatkov stranke, ki pove, kdo je njen knjigovodja.</translation>
    </message>
    <message>
        <source>&amp;Bookkeeper key:</source>
        <translation>Ključ &amp;knjigovodje:</translation>
    </message>
    <message>
        <source>My name as bookkeeper</source>
        <translation>Moje ime kot knjigovodje</translation>
    </message>
    <message>
        <source>Your name as the bookkeeper key holds it: the client list's Mine filter.</source>
        <translation>Vaše ime, kot ga hrani ključ knjigovodje: filter Moje na seznamu strank.</translation>
    </message>
    <message>
        <source>&amp;My name:</source>
        <translation>&amp;Moje ime:</translation>
    </message>
</context>
<context>
    <name></name>
    <message>
        <source>%n minute ago</source>
        <translation>pred %n minuto</translation>
    </message>
    <message numerus="yes">
        <source>%n minutes ago</source>
        <translation>
            <numerusform>pred %n minuto</numerusform>
            <numerusform>pred %n minutama</numerusform>
            <numerusform>pred %n minutami</numerusform>
            <numerusform>pred %n minutami</numerusform>
        </translation>
    </message>
    <message>
        <source>%n hour ago</source>
        <translation>pred %n uro</translation>
    </message>
    <message numerus="yes">
        <source>%n hours ago</source>
        <translation>
            <numerusform>pred %n uro</numerusform>
            <numerusform>pred %n urama</numerusform>
            <numerusform>pred %n urami</numerusform>
            <numerusform>pred %n urami</numerusform>
        </translation>
    </message>
    <message>
        <source>%n user</source>
        <translation>%n uporabnik</translation>
    </message>
    <message numerus="yes">
        <source>%n users</source>
        <translation>
            <numerusform>%n uporabnik</numerusform>
            <numerusform>%n uporabnika</numerusform>
            <numerusform>%n uporabniki</numerusform>
            <numerusform>%n uporabnikov</numerusform>
        </translation>
    </message>
    <message>
        <source>%n pending invitation</source>
        <translation>%n čakajoče povabilo</translation>
    </message>
    <message numerus="yes">
        <source>%n pending invitations</source>
        <translation>
            <numerusform>%n čakajoče povabilo</numerusform>
            <numerusform>%n čakajoči povabili</numerusform>
            <numerusform>%n čakajoča povabila</numerusform>
            <numerusform>%n čakajočih povabil</numerusform>
        </translation>
    </message>
    <message>
        <source>%n API key</source>
        <translation>%n ključ API</translation>
    </message>
    <message numerus="yes">
        <source>%n API keys</source>
        <translation>
            <numerusform>%n ključ API</numerusform>
            <numerusform>%n ključa API</numerusform>
            <numerusform>%n ključi API</numerusform>
            <numerusform>%n ključev API</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, no end date</source>
        <translation>%1, brez roka veljavnosti</translation>
    </message>
    <message>
        <source>%1, expires %2</source>
        <translation>%1, velja do %2</translation>
    </message>
    <message>
        <source>%1, the first expires %2</source>
        <translation>%1, prvi velja do %2</translation>
    </message>
    <message>
        <source>No one outside the firm has access</source>
        <translation>Nihče zunaj podjetja nima dostopa</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Čaka</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Poteklo</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Sprejeto</translation>
    </message>
    <message>
        <source>No end date</source>
        <translation>Brez roka veljavnosti</translation>
    </message>
    <message>
        <source>Expired %1</source>
        <translation>Potekel %1</translation>
    </message>
    <message>
        <source>Invite to %1</source>
        <translation>Povabilo k stranki %1</translation>
    </message>
    <message>
        <source>Someone Space Invoices knows gets access at once; anyone else gets an e-mail invitation that is valid for 7 days.</source>
        <translation>Kdor že ima račun v Space Invoices, dobi dostop takoj; vsi drugi dobijo povabilo po e-pošti, ki velja 7 dni.</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>ime@primer.si</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>&amp;E-pošta</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-pošta</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vloga</translation>
    </message>
    <message>
        <source>&amp;Invite</source>
        <translation>&amp;Povabi</translation>
    </message>
    <message>
        <source>This is not an e-mail address (name@example.com).</source>
        <translation>To ni e-poštni naslov (ime@primer.si).</translation>
    </message>
    <message>
        <source>Role of %1</source>
        <translation>Vloga: %1</translation>
    </message>
    <message>
        <source>&amp;Change role</source>
        <translation>&amp;Spremeni vlogo</translation>
    </message>
    <message>
        <source>New API key for %1</source>
        <translation>Nov ključ API za %1</translation>
    </message>
    <message>
        <source>An API key lets a program (a web shop, a till) act on this client only: its documents and settings. It is shown once, when it is made.</source>
        <translation>S ključem API lahko program (spletna trgovina, blagajna) dela samo s to stranko: z njenimi dokumenti in nastavitvami. Ključ je prikazan enkrat, ko je ustvarjen.</translation>
    </message>
    <message>
        <source>What uses it, e.g. Web shop</source>
        <translation>Kaj ga uporablja, npr. spletna trgovina</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Ime</translation>
    </message>
    <message>
        <source>&amp;Valid for</source>
        <translation>&amp;Velja</translation>
    </message>
    <message>
        <source>Valid for</source>
        <translation>Velja</translation>
    </message>
    <message>
        <source>&amp;Make key</source>
        <translation>&amp;Ustvari ključ</translation>
    </message>
    <message>
        <source>New API key</source>
        <translation>Nov ključ API</translation>
    </message>
    <message>
        <source>Copy the key now: it will not be shown again.</source>
        <translation>Kopirajte ključ zdaj: ne bo več prikazan.</translation>
    </message>
    <message>
        <source>si-desktop does not keep it anywhere. Paste it where “%1” will use it; if it is lost, revoke it and make a new one.</source>
        <translation>si-desktop ga nikjer ne hrani. Prilepite ga tja, kjer ga bo uporabljal »%1«; če se izgubi, ga prekličite in ustvarite novega.</translation>
    </message>
    <message>
        <source>the program</source>
        <translation>program</translation>
    </message>
    <message>
        <source>The new API key</source>
        <translation>Novi ključ API</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopiraj</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>&amp;Končano</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>Kopirano v odložišče.</translation>
    </message>
    <message>
        <source>Check &amp;again</source>
        <translation>Preveri &amp;znova</translation>
    </message>
    <message>
        <source>&amp;Invite…</source>
        <translation>&amp;Povabi …</translation>
    </message>
    <message>
        <source>Change &amp;role…</source>
        <translation>Spremeni &amp;vlogo …</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>&amp;Odstrani …</translation>
    </message>
    <message>
        <source>People with access</source>
        <translation>Osebe z dostopom</translation>
    </message>
    <message>
        <source>No one has a user account for this client.</source>
        <translation>Nihče nima uporabniškega računa za to stranko.</translation>
    </message>
    <message>
        <source>Re&amp;send</source>
        <translation>Pošlji &amp;znova</translation>
    </message>
    <message>
        <source>Cancel invi&amp;tation…</source>
        <translation>Prekliči po&amp;vabilo …</translation>
    </message>
    <message>
        <source>Invitations</source>
        <translation>Povabila</translation>
    </message>
    <message>
        <source>No invitation is waiting for an answer.</source>
        <translation>Nobeno povabilo ne čaka na odgovor.</translation>
    </message>
    <message>
        <source>New &amp;API key…</source>
        <translation>Nov ključ &amp;API …</translation>
    </message>
    <message>
        <source>Re&amp;voke…</source>
        <translation>P&amp;rekliči …</translation>
    </message>
    <message>
        <source>API keys</source>
        <translation>Ključi API</translation>
    </message>
    <message>
        <source>This client has no API keys.</source>
        <translation>Ta stranka nima ključev API.</translation>
    </message>
    <message>
        <source>Changes to access are made on Space Invoices at once and are never queued. Keys are shown once, when they are made; si-desktop does not keep them.</source>
        <translation>Spremembe dostopa se v Space Invoices izvedejo takoj in nikoli ne čakajo v vrsti. Ključi so prikazani enkrat, ko so ustvarjeni; si-desktop jih ne hrani.</translation>
    </message>
    <message>
        <source>Access can be reviewed when connected</source>
        <translation>Dostop lahko pregledate, ko ste povezani</translation>
    </message>
    <message>
        <source>Access could not be read</source>
        <translation>Dostopa ni bilo mogoče prebrati</translation>
    </message>
    <message>
        <source>Reading access from Space Invoices…</source>
        <translation>Berem dostop iz Space Invoices …</translation>
    </message>
    <message>
        <source>Read from Space Invoices %1.</source>
        <translation>Prebrano iz Space Invoices %1.</translation>
    </message>
    <message>
        <source>%n record the service sent could not be read and is not shown; the log has the details.</source>
        <translation>Zapisi, ki jih je poslala storitev, a jih ni bilo mogoče prebrati, niso prikazani (%n); podrobnosti so v dnevniku.</translation>
    </message>
    <message>
        <source>Space Invoices cannot be reached. %1</source>
        <translation>Space Invoices ni dosegljiv. %1</translation>
    </message>
    <message>
        <source>Offline — as seen %1. %2</source>
        <translation>Brez povezave — tako je bilo %1. %2</translation>
    </message>
    <message>
        <source>This key may not review access to the client. Connect with the firm's account key (sk_…) to see and change it.</source>
        <translation>Ta ključ ne sme pregledovati dostopa do stranke. Za pregled in spremembe se povežite s ključem računa podjetja (sk_…).</translation>
    </message>
    <message>
        <source>Space Invoices no longer accepts this key: it was revoked or has expired. Connect again with a valid key.</source>
        <translation>Space Invoices tega ključa ne sprejema več: preklican je ali mu je potekla veljavnost. Znova se povežite z veljavnim ključem.</translation>
    </message>
    <message>
        <source>Choose a person in the list first.</source>
        <translation>Najprej izberite osebo na seznamu.</translation>
    </message>
    <message>
        <source>Choose an invitation in the list first.</source>
        <translation>Najprej izberite povabilo na seznamu.</translation>
    </message>
    <message>
        <source>Choose a key in the list first.</source>
        <translation>Najprej izberite ključ na seznamu.</translation>
    </message>
    <message>
        <source>Access could not be read, so it cannot be changed here.</source>
        <translation>Dostopa ni bilo mogoče prebrati, zato ga tu ni mogoče spremeniti.</translation>
    </message>
    <message>
        <source>Access is being read from Space Invoices.</source>
        <translation>Dostop se bere iz Space Invoices.</translation>
    </message>
    <message>
        <source>Access given or invitation sent.</source>
        <translation>Dostop je dodeljen ali povabilo poslano.</translation>
    </message>
    <message>
        <source>Role changed.</source>
        <translation>Vloga je spremenjena.</translation>
    </message>
    <message>
        <source>Remove access</source>
        <translation>Odstrani dostop</translation>
    </message>
    <message>
        <source>Remove %1's access to %2? They can no longer see or change anything of this client.</source>
        <translation>Odstranim dostop osebe %1 do stranke %2? Te stranke ne bo več mogla videti ali spreminjati.</translation>
    </message>
    <message>
        <source>Access removed.</source>
        <translation>Dostop je odstranjen.</translation>
    </message>
    <message>
        <source>Invitation sent again; it is valid for 7 days.</source>
        <translation>Povabilo je poslano znova; velja 7 dni.</translation>
    </message>
    <message>
        <source>Cancel invitation</source>
        <translation>Prekliči povabilo</translation>
    </message>
    <message>
        <source>Cancel the invitation to %1? The link in the e-mail stops working.</source>
        <translation>Prekličem povabilo za %1? Povezava v e-pošti ne bo več delovala.</translation>
    </message>
    <message>
        <source>Invitation cancelled.</source>
        <translation>Povabilo je preklicano.</translation>
    </message>
    <message>
        <source>API key made.</source>
        <translation>Ključ API je ustvarjen.</translation>
    </message>
    <message>
        <source>Revoke API key</source>
        <translation>Prekliči ključ API</translation>
    </message>
    <message>
        <source>Revoke “%1” (%2)? Whatever uses it stops working at once. This cannot be undone.</source>
        <translation>Prekličem »%1« (%2)? Kar ga uporablja, takoj preneha delovati. Tega ni mogoče razveljaviti.</translation>
    </message>
    <message>
        <source>Revoke key</source>
        <translation>Prekliči ključ</translation>
    </message>
    <message>
        <source>API key revoked.</source>
        <translation>Ključ API je preklican.</translation>
    </message>
    <message>
        <source>Not checked: offline</source>
        <translation>Ni preverjeno: brez povezave</translation>
    </message>
    <message>
        <source>Offline — as seen at %1</source>
        <translation>Brez povezave — stanje ob %1</translation>
    </message>
    <message>
        <source>Not checked: %1</source>
        <translation>Ni preverjeno: %1</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Stranka</translation>
    </message>
    <message>
        <source>Form of access</source>
        <translation>Oblika dostopa</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Uporabniki</translation>
    </message>
    <message>
        <source>Pending invitations</source>
        <translation>Čakajoča povabila</translation>
    </message>
    <message>
        <source>Invitations unanswered for over 7 days</source>
        <translation>Povabila brez odgovora več kot 7 dni</translation>
    </message>
    <message>
        <source>First key expires</source>
        <translation>Prvi ključ poteče</translation>
    </message>
    <message>
        <source>Soonest expiry</source>
        <translation>Najbližji potek</translation>
    </message>
    <message>
        <source>Checked at</source>
        <translation>Preverjeno ob</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Težava</translation>
    </message>
    <message>
        <source>Access overview</source>
        <translation>Pregled dostopa</translation>
    </message>
    <message>
        <source>Who outside the firm can reach each client: users, invitations and API keys, read from Space Invoices now.</source>
        <translation>Kdo zunaj podjetja ima dostop do posamezne stranke: uporabniki, povabila in ključi API, kot jih Space Invoices kaže zdaj.</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Prikaži</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;Izvozi CSV …</translation>
    </message>
    <message>
        <source>Saves the rows shown, as a spreadsheet file.</source>
        <translation>Shrani prikazane vrstice kot datoteko za preglednice.</translation>
    </message>
    <message>
        <source>Access of every client</source>
        <translation>Dostop vseh strank</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Ustavi</translation>
    </message>
    <message>
        <source>Checked %1 of %2 clients…</source>
        <translation>Preverjenih strank: %1 od %2 …</translation>
    </message>
    <message>
        <source>Stopped after %1 of %2 clients.</source>
        <translation>Ustavljeno po %1 od %2 strank.</translation>
    </message>
    <message>
        <source>Checked %1 of %2 clients.</source>
        <translation>Preverjenih strank: %1 od %2.</translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>prikazano %1 od %2</translation>
    </message>
    <message>
        <source>Export access overview</source>
        <translation>Izvozi pregled dostopa</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Datoteke CSV (*.csv)</translation>
    </message>
    <message>
        <source>Could not save the file: %1</source>
        <translation>Datoteke ni bilo mogoče shraniti: %1</translation>
    </message>
    <message>
        <source>Access overview saved to %1</source>
        <translation>Pregled dostopa je shranjen v %1</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Dostop</translation>
    </message>
    <message>
        <source>&amp;Access overview…</source>
        <translation>Pregled &amp;dostopa …</translation>
    </message>
    <message>
        <source>Key not accepted</source>
        <translation>Ključ ni sprejet</translation>
    </message>
    <message>
        <source>Space Invoices no longer accepts this client key: it was revoked or has expired. Nothing more is sent with it; connect again with a new key.</source>
        <translation>Space Invoices tega ključa stranke ne sprejema več: preklican je ali mu je potekla veljavnost. Z njim se nič več ne pošilja; znova se povežite z novim ključem.</translation>
    </message>
</context>
<context>
    <name>AccessOverview</name>
    <message>
        <source>No outside access</source>
        <translation>Brez zunanjega dostopa</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Uporabniki</translation>
    </message>
    <message>
        <source>API keys</source>
        <translation>Ključi API</translation>
    </message>
    <message>
        <source>Users and API keys</source>
        <translation>Uporabniki in ključi API</translation>
    </message>
    <message>
        <source>All clients</source>
        <translation>Vse stranke</translation>
    </message>
    <message>
        <source>Clients with API keys</source>
        <translation>Stranke s ključi API</translation>
    </message>
    <message>
        <source>Clients with users or invitations</source>
        <translation>Stranke z uporabniki ali povabili</translation>
    </message>
    <message>
        <source>Pending invitations older than 7 days</source>
        <translation>Čakajoča povabila, starejša od 7 dni</translation>
    </message>
    <message>
        <source>Clients without outside access</source>
        <translation>Stranke brez zunanjega dostopa</translation>
    </message>
    <message>
        <source>Clients not checked</source>
        <translation>Nepreverjene stranke</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Stranka</translation>
    </message>
    <message>
        <source>Form of access</source>
        <translation>Oblika dostopa</translation>
    </message>
    <message>
        <source>Pending invitations</source>
        <translation>Čakajoča povabila</translation>
    </message>
    <message>
        <source>Soonest expiry</source>
        <translation>Najbližji potek</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>Preverjeno</translation>
    </message>
</context>
<context>
    <name>AccessPage</name>
    <message>
        <source>Viewer</source>
        <translation>Bralec</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>Urednik</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Skrbnik</translation>
    </message>
    <message>
        <source>Sees this client's documents and settings; changes nothing.</source>
        <translation>Vidi dokumente in nastavitve te stranke; ničesar ne spreminja.</translation>
    </message>
    <message>
        <source>Issues and edits documents and settings; cannot manage access.</source>
        <translation>Izdaja in ureja dokumente in nastavitve; dostopa ne upravlja.</translation>
    </message>
    <message>
        <source>Everything an editor can do, and manages this client's users.</source>
        <translation>Vse, kar urednik, in še upravlja uporabnike te stranke.</translation>
    </message>
    <message>
        <source>Access is changed only while Space Invoices can be reached; changes are not queued.</source>
        <translation>Dostop se spreminja le, ko je Space Invoices dosegljiv; spremembe ne čakajo v vrsti.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ime</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-pošta</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vloga</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Dodan</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stanje</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Poslano</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Poteče</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Ključ</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Ustvarjen</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 dni</translation>
    </message>
    <message>
        <source>90 days</source>
        <translation>90 dni</translation>
    </message>
    <message>
        <source>1 year</source>
        <translation>1 leto</translation>
    </message>
    <message>
        <source>2 years</source>
        <translation>2 leti</translation>
    </message>
</context>
<context>
    <name>Exports</name>
    <message>
        <source>Invoices</source>
        <translation>Računi</translation>
    </message>
    <message>
        <source>Credit notes</source>
        <translation>Dobropisi</translation>
    </message>
    <message>
        <source>Estimates</source>
        <translation>Predračuni</translation>
    </message>
    <message>
        <source>Excel workbook (XLSX)</source>
        <translation>Delovni zvezek Excel (XLSX)</translation>
    </message>
    <message>
        <source>CSV file (one document type)</source>
        <translation>Datoteka CSV (ena vrsta dokumentov)</translation>
    </message>
    <message>
        <source>PDFs in a ZIP archive</source>
        <translation>Datoteke PDF v arhivu ZIP</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Prejšnji mesec</translation>
    </message>
    <message>
        <source>Last quarter</source>
        <translation>Prejšnje četrtletje</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>Lansko leto</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>Letošnje leto</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Po meri</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Customer</source>
        <translation>Kupec</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Postavke</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Rok plačila</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Velja do</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Opomba</translation>
    </message>
    <message>
        <source>Payment terms</source>
        <translation>Plačilni pogoji</translation>
    </message>
    <message>
        <source>Footer</source>
        <translation>Noga</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Sklic</translation>
    </message>
    <message>
        <source>Business unit</source>
        <translation>Poslovna enota</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Valuta</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Znesek</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Vrsta</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Številka</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Osnutek</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Stornirano</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Skupaj</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Plačano</translation>
    </message>
    <message>
        <source>Paid in full</source>
        <translation>V celoti plačano</translation>
    </message>
</context>
<context>
    <name>DocumentEditor</name>
    <message>
        <source>Item</source>
        <translation>Postavka</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Opis</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Količina</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Enota</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Cena</translation>
    </message>
    <message>
        <source>Discount %</source>
        <translation>Popust %</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Davek</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Znesek</translation>
    </message>
</context>
<context>
    <name>Documents</name>
    <message>
        <source>Number</source>
        <translation>Številka</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Vrsta</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kupec</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Skupaj</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stanje</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Rok</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumenti</translation>
    </message>
</context>
<context>
    <name></name>
    <message numerus="yes">
        <source>%n documents</source>
        <translation>
            <numerusform>%n dokument</numerusform>
            <numerusform>%n dokumenta</numerusform>
            <numerusform>%n dokumenti</numerusform>
            <numerusform>%n dokumentov</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>%n zapadel</numerusform>
            <numerusform>%n zapadla</numerusform>
            <numerusform>%n zapadli</numerusform>
            <numerusform>%n zapadlih</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mark %n invoices paid: %1 in all.</source>
        <translation>
            <numerusform>Označi %n račun kot plačan: skupaj %1.</numerusform>
            <numerusform>Označi %n računa kot plačana: skupaj %1.</numerusform>
            <numerusform>Označi %n račune kot plačane: skupaj %1.</numerusform>
            <numerusform>Označi %n računov kot plačane: skupaj %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n invoices marked paid.</source>
        <translation>
            <numerusform>%n račun označen kot plačan.</numerusform>
            <numerusform>%n računa označena kot plačana.</numerusform>
            <numerusform>%n računi označeni kot plačani.</numerusform>
            <numerusform>%n računov označenih kot plačanih.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>YearEnd</name>
    <message>
        <source>Every sequence</source>
        <translation>Vsa zaporedja</translation>
    </message>
    <message>
        <source>Only problems</source>
        <translation>Samo težave</translation>
    </message>
    <message>
        <source>Sequences that can give the same number</source>
        <translation>Zaporedja, ki lahko dajo isto številko</translation>
    </message>
    <message>
        <source>Formats without a year</source>
        <translation>Oblike brez leta</translation>
    </message>
    <message>
        <source>First numbers below issued ones</source>
        <translation>Prve številke pod izdanimi</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Stranka</translation>
    </message>
    <message>
        <source>Business unit</source>
        <translation>Poslovna enota</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Oblika</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Izdanih</translation>
    </message>
    <message>
        <source>Last in %1</source>
        <translation>Zadnja v %1</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Vir</translation>
    </message>
    <message>
        <source>First in %2</source>
        <translation>Prva v %2</translation>
    </message>
    <message>
        <source>1 January</source>
        <translation>1. januar</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Opozorila</translation>
    </message>
</context>
<context>
    <name></name>
    <message>
        <source>When (UTC)</source>
        <translation>Kdaj (UTC)</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Sprememba</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Zapis</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Polja</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Prej</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Potem</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Izid</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Razlog</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Dejavnost</translation>
    </message>
    <message>
        <source>Every change made from this workstation and what became of it. Kept 24 months; API keys and the text of e-mails are never kept.</source>
        <translation>Vsaka sprememba s te delovne postaje in kaj se je z njo zgodilo. Hrani se 24 mesecev; ključi API in besedila e-poštnih sporočil se nikoli ne hranijo.</translation>
    </message>
    <message>
        <source>The open client</source>
        <translation>Odprta stranka</translation>
    </message>
    <message>
        <source>Search fields, values, ids</source>
        <translation>Iskanje po poljih, vrednostih, ID-jih</translation>
    </message>
    <message>
        <source>&amp;Period</source>
        <translation>&amp;Obdobje</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>&amp;Vrsta</translation>
    </message>
    <message>
        <source>Changes, newest first</source>
        <translation>Spremembe, najnovejše najprej</translation>
    </message>
    <message>
        <source>&amp;Undo this batch…</source>
        <translation>&amp;Razveljavi ta paket …</translation>
    </message>
    <message>
        <source>Undo: standard “%1”</source>
        <translation>Razveljavitev: standard »%1«</translation>
    </message>
    <message>
        <source>Standard “%1”</source>
        <translation>Standard »%1«</translation>
    </message>
    <message>
        <source>Changes shown: %1</source>
        <translation>Prikazane spremembe: %1</translation>
    </message>
    <message>
        <source>Export the activity</source>
        <translation>Izvoz dejavnosti</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Shranjeno v %1</translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>Se ujema</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Omogočena</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Onemogočena</translation>
    </message>
    <message>
        <source>Drift from the firm's standard</source>
        <translation>Odstopanja od standarda pisarne</translation>
    </message>
    <message>
        <source>&amp;Standard</source>
        <translation>&amp;Standard</translation>
    </message>
    <message>
        <source>&amp;New from this client…</source>
        <translation>&amp;Nov iz te stranke …</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Uvozi …</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>I&amp;zvozi …</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>I&amp;zbriši</translation>
    </message>
    <message>
        <source>S&amp;how</source>
        <translation>P&amp;rikaži</translation>
    </message>
    <message>
        <source>Clients and how many fields differ</source>
        <translation>Stranke in koliko polj odstopa</translation>
    </message>
    <message>
        <source>The selected client's fields</source>
        <translation>Polja izbrane stranke</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Polje</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Hidden by units</source>
        <translation>Skrito z enotami</translation>
    </message>
    <message>
        <source>Standard files that could not be read: %1</source>
        <translation>Datoteke standardov, ki jih ni bilo mogoče prebrati: %1</translation>
    </message>
    <message>
        <source>No standard yet: open a client whose settings the firm wants everywhere and choose New from this client, or import a standard file.</source>
        <translation>Standarda še ni: odprite stranko, katere nastavitve želi pisarna povsod, in izberite Nov iz te stranke ali uvozite datoteko standarda.</translation>
    </message>
    <message>
        <source>Open a client first: its settings become the standard.</source>
        <translation>Najprej odprite stranko: njene nastavitve postanejo standard.</translation>
    </message>
    <message>
        <source>%1's settings</source>
        <translation>Nastavitve %1</translation>
    </message>
    <message>
        <source>Kept the standard “%1” (fields: %2).</source>
        <translation>Standard »%1« je shranjen (polj: %2).</translation>
    </message>
    <message>
        <source>New standard</source>
        <translation>Nov standard</translation>
    </message>
    <message>
        <source>Name of the standard:</source>
        <translation>Ime standarda:</translation>
    </message>
    <message>
        <source>Import a standard</source>
        <translation>Uvoz standarda</translation>
    </message>
    <message>
        <source>Standard files (*.json)</source>
        <translation>Datoteke standardov (*.json)</translation>
    </message>
    <message>
        <source>Export the standard</source>
        <translation>Izvoz standarda</translation>
    </message>
    <message>
        <source>The file was refused, nothing of it kept: line %1: %2</source>
        <translation>Datoteka je zavrnjena, nič iz nje ni shranjeno: vrstica %1: %2</translation>
    </message>
    <message>
        <source>Imported the standard “%1”.</source>
        <translation>Standard »%1« je uvožen.</translation>
    </message>
    <message>
        <source>Delete the standard</source>
        <translation>Izbris standarda</translation>
    </message>
    <message>
        <source>Delete the standard “%1” from this workstation? Clients keep their settings.</source>
        <translation>Izbrišem standard »%1« s te delovne postaje? Stranke obdržijo svoje nastavitve.</translation>
    </message>
    <message>
        <source>Clients that differ: %1 of %2</source>
        <translation>Stranke, ki odstopajo: %1 od %2</translation>
    </message>
    <message>
        <source>Apply to all that differ (%1)…</source>
        <translation>Uveljavi za vse, ki odstopajo (%1) …</translation>
    </message>
    <message>
        <source>Apply to the selected (%1)…</source>
        <translation>Uveljavi za izbrane (%1) …</translation>
    </message>
    <message>
        <source>Working out the changes…</source>
        <translation>Pripravljam spremembe …</translation>
    </message>
    <message>
        <source>clients in %1</source>
        <translation>stranke v državi %1</translation>
    </message>
    <message>
        <source>clients whose language is %1</source>
        <translation>stranke z jezikom %1</translation>
    </message>
    <message>
        <source>clients whose %1 is %2</source>
        <translation>stranke, pri katerih je %1 enako %2</translation>
    </message>
    <message>
        <source>every client</source>
        <translation>vse stranke</translation>
    </message>
    <message>
        <source>Fields: %1.</source>
        <translation>Polj: %1.</translation>
    </message>
    <message>
        <source>&amp;For</source>
        <translation>&amp;Za</translation>
    </message>
    <message>
        <source>Undo a batch</source>
        <translation>Razveljavitev paketa</translation>
    </message>
    <message>
        <source>Dry run</source>
        <translation>Poskusni zagon</translation>
    </message>
    <message>
        <source>Include &amp;disabled clients</source>
        <translation>Vključi &amp;onemogočene stranke</translation>
    </message>
    <message>
        <source>Changes per client and field</source>
        <translation>Spremembe po strankah in poljih</translation>
    </message>
    <message>
        <source>Client / field</source>
        <translation>Stranka / polje</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Zdaj</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Rezultat</translation>
    </message>
    <message>
        <source>Undo batch %1 — clients: %2</source>
        <translation>Razveljavitev paketa %1 — strank: %2</translation>
    </message>
    <message>
        <source>The values from before the batch are written back as a new batch. A field changed since the batch is a conflict: it is shown and left as it is. Nothing is sent until you confirm.</source>
        <translation>Vrednosti izpred paketa se zapišejo nazaj kot nov paket. Polje, ki se je od paketa spremenilo, je spor: prikazano je in ostane, kot je. Nič se ne pošlje, dokler ne potrdite.</translation>
    </message>
    <message>
        <source>Apply the standard “%1” — clients: %2</source>
        <translation>Uveljavitev standarda »%1« — strank: %2</translation>
    </message>
    <message>
        <source>Per client and field, the value now and the value it will get. Only the standard's fields change, each client on its own. Nothing is sent until you confirm.</source>
        <translation>Za vsako stranko in polje trenutna vrednost in vrednost, ki jo bo dobilo. Spremenijo se le polja standarda, pri vsaki stranki posebej. Nič se ne pošlje, dokler ne potrdite.</translation>
    </message>
    <message>
        <source>disabled: left out</source>
        <translation>onemogočena: izpuščena</translation>
    </message>
    <message>
        <source>not in the local cache</source>
        <translation>ni v lokalnem predpomnilniku</translation>
    </message>
    <message>
        <source>Already as the standard</source>
        <translation>Že po standardu</translation>
    </message>
    <message>
        <source>Fields: %1</source>
        <translation>Polj: %1</translation>
    </message>
    <message>
        <source>Conflict: changed since; left as it is</source>
        <translation>Spor: medtem spremenjeno; ostane, kot je</translation>
    </message>
    <message>
        <source>&amp;Apply (clients: %1)</source>
        <translation>&amp;Uveljavi (strank: %1)</translation>
    </message>
    <message>
        <source>&amp;Undo (clients: %1)</source>
        <translation>&amp;Razveljavi (strank: %1)</translation>
    </message>
    <message>
        <source>Field changes: %1. Nothing is sent yet.</source>
        <translation>Sprememb polj: %1. Nič še ni poslano.</translation>
    </message>
    <message>
        <source>Nothing to change.</source>
        <translation>Ničesar ni treba spremeniti.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Pošiljam …</translation>
    </message>
    <message>
        <source>sent: %1</source>
        <translation>poslano: %1</translation>
    </message>
    <message>
        <source>waiting to be sent (offline): %1</source>
        <translation>čaka na pošiljanje (brez povezave): %1</translation>
    </message>
    <message>
        <source>held for you (see Problems): %1</source>
        <translation>zadržano za vas (glejte Težave): %1</translation>
    </message>
    <message>
        <source>Batch %1: %2.</source>
        <translation>Paket %1: %2.</translation>
    </message>
    <message>
        <source>&amp;Drift from the standard…</source>
        <translation>&amp;Odstopanja od standarda …</translation>
    </message>
    <message>
        <source>&amp;New standard from this client…</source>
        <translation>&amp;Nov standard iz te stranke …</translation>
    </message>
    <message>
        <source>&amp;Activity…</source>
        <translation>&amp;Dejavnost …</translation>
    </message>
    <message>
        <source>Number format</source>
        <translation>Oblika številke</translation>
    </message>
    <message>
        <source>Unit number format</source>
        <translation>Oblika številke enote</translation>
    </message>
    <message>
        <source>E-mail subject</source>
        <translation>Zadeva e-pošte</translation>
    </message>
    <message>
        <source>E-mail text</source>
        <translation>Besedilo e-pošte</translation>
    </message>
    <message>
        <source>Default note</source>
        <translation>Privzeta opomba</translation>
    </message>
    <message>
        <source>Days to pay</source>
        <translation>Dnevi za plačilo</translation>
    </message>
    <message>
        <source>Days an estimate is valid</source>
        <translation>Dnevi veljavnosti predračuna</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Podpis</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Numbering</source>
        <translation>Številčenje</translation>
    </message>
    <message>
        <source>Texts and terms</source>
        <translation>Besedila in pogoji</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Čaka na pošiljanje</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Poslano</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Zavrnjeno</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Spor</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Ni poslano</translation>
    </message>
    <message>
        <source>Dropped</source>
        <translation>Opuščeno</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Opravljeno</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>razrešeno</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>opuščeno</translation>
    </message>
    <message>
        <source>tried again</source>
        <translation>ponovno poskušeno</translation>
    </message>
    <message>
        <source>kept mine</source>
        <translation>obdržana moja</translation>
    </message>
    <message>
        <source>kept theirs</source>
        <translation>obdržana njihova</translation>
    </message>
    <message>
        <source>Client settings</source>
        <translation>Nastavitve stranke</translation>
    </message>
    <message>
        <source>Client enabled</source>
        <translation>Stranka omogočena</translation>
    </message>
    <message>
        <source>Client disabled</source>
        <translation>Stranka onemogočena</translation>
    </message>
    <message>
        <source>Business unit archived</source>
        <translation>Poslovna enota arhivirana</translation>
    </message>
    <message>
        <source>Logo removed</source>
        <translation>Logotip odstranjen</translation>
    </message>
    <message>
        <source>New document</source>
        <translation>Nov dokument</translation>
    </message>
    <message>
        <source>Document edited</source>
        <translation>Dokument urejen</translation>
    </message>
    <message>
        <source>Document issued</source>
        <translation>Dokument izdan</translation>
    </message>
    <message>
        <source>Document voided</source>
        <translation>Dokument storniran</translation>
    </message>
    <message>
        <source>Draft deleted</source>
        <translation>Osnutek izbrisan</translation>
    </message>
    <message>
        <source>Document sent</source>
        <translation>Dokument poslan</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Plačilo</translation>
    </message>
    <message>
        <source>Payment edited</source>
        <translation>Plačilo urejeno</translation>
    </message>
    <message>
        <source>Payment deleted</source>
        <translation>Plačilo izbrisano</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>Nov kupec</translation>
    </message>
    <message>
        <source>Access: invited</source>
        <translation>Dostop: povabilo</translation>
    </message>
    <message>
        <source>Access: role changed</source>
        <translation>Dostop: vloga spremenjena</translation>
    </message>
    <message>
        <source>Access: removed</source>
        <translation>Dostop: odstranjen</translation>
    </message>
    <message>
        <source>Access: invitation cancelled</source>
        <translation>Dostop: povabilo preklicano</translation>
    </message>
    <message>
        <source>Access: invitation sent again</source>
        <translation>Dostop: povabilo ponovno poslano</translation>
    </message>
    <message>
        <source>Access: API key made</source>
        <translation>Dostop: ključ API ustvarjen</translation>
    </message>
    <message>
        <source>Access: API key revoked</source>
        <translation>Dostop: ključ API preklican</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Uredi …</translation>
    </message>
    <message>
        <source>Edit the standard</source>
        <translation>Urejanje standarda</translation>
    </message>
    <message>
        <source>Tick the settings the standard holds; the rest stay as each client has them.</source>
        <translation>Označite nastavitve, ki jih standard vsebuje; ostale ostanejo, kot jih ima vsaka stranka.</translation>
    </message>
    <message>
        <source>Correct the fields marked above; nothing was kept.</source>
        <translation>Popravite označena polja zgoraj; nič ni bilo shranjeno.</translation>
    </message>
    <message>
        <source>Tick at least one setting.</source>
        <translation>Označite vsaj eno nastavitev.</translation>
    </message>
</context>
<context>
    <name>Firm</name>
    <message>
        <source>Today</source>
        <translation>Danes</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Zadnjih 7 dni</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Zadnjih 30 dni</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>Zadnjih 12 mesecev</translation>
    </message>
    <message>
        <source>Everything kept (24 months)</source>
        <translation>Vse shranjeno (24 mesecev)</translation>
    </message>
    <message>
        <source>All changes</source>
        <translation>Vse spremembe</translation>
    </message>
    <message>
        <source>Bulk changes</source>
        <translation>Množične spremembe</translation>
    </message>
    <message>
        <source>Clients and units</source>
        <translation>Stranke in enote</translation>
    </message>
    <message>
        <source>Documents and payments</source>
        <translation>Dokumenti in plačila</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Dostop</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Kdaj</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Stranka</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Sprememba</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>Kaj se je spremenilo</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Izid</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>All clients</source>
        <translation>Vse stranke</translation>
    </message>
    <message>
        <source>Clients that differ</source>
        <translation>Stranke, ki odstopajo</translation>
    </message>
    <message>
        <source>Differs in numbering</source>
        <translation>Odstopa pri številčenju</translation>
    </message>
    <message>
        <source>Differs in e-mail defaults</source>
        <translation>Odstopa pri privzetih e-poštnih besedilih</translation>
    </message>
    <message>
        <source>Differs in texts and terms</source>
        <translation>Odstopa pri besedilih in pogojih</translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>Se ujema</translation>
    </message>
    <message>
        <source>Fields that differ</source>
        <translation>Polja, ki odstopajo</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stanje</translation>
    </message>
</context>
<context>
    <name>ClientSwitcher</name>
    <message>
        <source>Mine</source>
        <translation>Moje</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Onemogočena</translation>
    </message>
    <message>
        <source>Has drafts</source>
        <translation>Z osnutki</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Zapadlo</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Potrebujejo pozornost</translation>
    </message>
    <message>
        <source>All clients</source>
        <translation>Vse stranke</translation>
    </message>
    <message>
        <source>Last invoiced first</source>
        <translation>Po zadnjem računu</translation>
    </message>
    <message>
        <source>Most unpaid first</source>
        <translation>Najprej največ neplačanega</translation>
    </message>
    <message>
        <source>Overdue first</source>
        <translation>Najprej zapadli</translation>
    </message>
    <message>
        <source>By name</source>
        <translation>Po imenu</translation>
    </message>
</context>
</TS>
