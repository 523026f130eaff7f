<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO">
<context>
    <name></name>
    <message>
        <location filename="../../pos_app/ui/kiosk_amount.py" line="34"/>
        <source>Amount due</source>
        <translation>Å betale</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_amount.py" line="35"/>
        <source>Pay with face</source>
        <translation>Betal med ansiktet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_amount.py" line="36"/>
        <location filename="../../pos_app/ui/kiosk_claim.py" line="51"/>
        <location filename="../../pos_app/ui/kiosk_result.py" line="49"/>
        <source>Pay another way</source>
        <translation>Betal på en annen måte</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_amount.py" line="39"/>
        <source>Face payment is not available on this kiosk right now. Please pay another way.</source>
        <translation>Ansiktsbetaling er ikke tilgjengelig på denne kiosken akkurat nå. Betal på en annen måte.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_bank.py" line="38"/>
        <source>Link a bank account</source>
        <translation>Koble til en bankkonto</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_bank.py" line="39"/>
        <source>The bank gives FacePay a payment token; the account number itself is not stored.</source>
        <translation>Banken gir FacePay et betalingstoken; selve kontonummeret lagres ikke.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_bank.py" line="40"/>
        <source>Account number</source>
        <translation>Kontonummer</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_bank.py" line="41"/>
        <source>Link account</source>
        <translation>Koble til konto</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_bank.py" line="42"/>
        <location filename="../../pos_app/ui/desk_capture.py" line="42"/>
        <location filename="../../pos_app/ui/kiosk_capture.py" line="32"/>
        <location filename="../../pos_app/ui/kiosk_claim.py" line="50"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_capture.py" line="46"/>
        <source>Look at the camera</source>
        <translation>Se mot kameraet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="103"/>
        <source>Register</source>
        <translation>Kasse</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="107"/>
        <location filename="../../pos_app/ui/admin_register.py" line="108"/>
        <source>Item</source>
        <translation>Vare</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="107"/>
        <source>Qty</source>
        <translation>Antall</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="107"/>
        <location filename="../../pos_app/ui/admin_register.py" line="109"/>
        <source>Unit price</source>
        <translation>Stykkpris</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="107"/>
        <source>VAT</source>
        <translation>MVA</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="107"/>
        <source>Line total</source>
        <translation>Linjesum</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="110"/>
        <source>Add line</source>
        <translation>Legg til linje</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="111"/>
        <source>Or one amount</source>
        <translation>Eller ett beløp</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="112"/>
        <source>Add amount</source>
        <translation>Legg til beløp</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="113"/>
        <source>Remove line</source>
        <translation>Fjern linje</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="114"/>
        <source>Clear</source>
        <translation>Tøm</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="115"/>
        <source>Send to kiosk</source>
        <translation>Send til kiosk</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="116"/>
        <source>Cancel sale</source>
        <translation>Avbryt salg</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="117"/>
        <source>Cash handed over</source>
        <translation>Kontanter mottatt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="118"/>
        <source>Cash</source>
        <translation>Kontant</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="119"/>
        <source>Card terminal</source>
        <translation>Kortterminal</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="120"/>
        <source>New sale</source>
        <translation>Nytt salg</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="137"/>
        <source>No kiosk yet: a kiosk appears here once it has started with face payment available.</source>
        <translation>Ingen kiosk ennå: en kiosk vises her når den har startet med ansiktsbetaling tilgjengelig.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="157"/>
        <source>Following the sale sent before the register closed.</source>
        <translation>Følger salget som ble sendt før kassen ble lukket.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="210"/>
        <source>Sale</source>
        <translation>Salg</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="237"/>
        <source>Choose a kiosk first.</source>
        <translation>Velg en kiosk først.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="245"/>
        <source>Sent to {kiosk}.</source>
        <translation>Sendt til {kiosk}.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="275"/>
        <location filename="../../pos_app/ui/kiosk_capture.py" line="53"/>
        <location filename="../../pos_app/ui/kiosk_result.py" line="70"/>
        <source>Verifying…</source>
        <translation>Kontrollerer …</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="275"/>
        <source>Waiting for the shopper</source>
        <translation>Venter på kunden</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="276"/>
        <source>Paid with face ✓</source>
        <translation>Betalt med ansikt ✓</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="276"/>
        <source>Declined by the bank</source>
        <translation>Avvist av banken</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="277"/>
        <source>Not completed at the kiosk</source>
        <translation>Ikke fullført på kiosken</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="278"/>
        <source>The bank did not answer; checking…</source>
        <translation>Banken svarte ikke; sjekker …</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="279"/>
        <source>The shopper chose another way: take cash or card</source>
        <translation>Kunden valgte en annen måte: ta kontant eller kort</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="280"/>
        <source>Cancelled</source>
        <translation>Avbrutt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="308"/>
        <source>Paid in cash. Change: {change}</source>
        <translation>Betalt kontant. Tilbake: {change}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="310"/>
        <source>Paid by card ✓</source>
        <translation>Betalt med kort ✓</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="331"/>
        <source>VAT {rate} %: {vat}</source>
        <translation>MVA {rate} %: {vat}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_claim.py" line="47"/>
        <source>Hold your FacePay pass up to the camera</source>
        <translation>Hold FacePay-passet ditt opp mot kameraet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_claim.py" line="48"/>
        <source>Type your phone number</source>
        <translation>Skriv inn telefonnummeret ditt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_claim.py" line="49"/>
        <location filename="../../pos_app/ui/kiosk_idle.py" line="44"/>
        <source>Continue</source>
        <translation>Fortsett</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_idle.py" line="40"/>
        <source>Welcome to FacePay</source>
        <translation>Velkommen til FacePay</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_idle.py" line="41"/>
        <source>Type the basket total, then continue.</source>
        <translation>Skriv inn totalbeløpet og trykk Fortsett.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_idle.py" line="42"/>
        <source>The cashier will send your total to this screen.</source>
        <translation>Kassen sender beløpet ditt til denne skjermen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_idle.py" line="43"/>
        <source>Total, e.g. 125,50</source>
        <translation>Beløp, f.eks. 125,50</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_idle.py" line="64"/>
        <source>Type an amount above zero, like 125,50.</source>
        <translation>Skriv et beløp over null, for eksempel 125,50.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="48"/>
        <source>Try again</source>
        <translation>Prøv igjen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="50"/>
        <source>Done</source>
        <translation>Ferdig</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="68"/>
        <source>Payment approved</source>
        <translation>Betalingen er godkjent</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="68"/>
        <source>Payment declined</source>
        <translation>Betalingen ble avvist</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="69"/>
        <source>Payment not completed</source>
        <translation>Betalingen ble ikke gjennomført</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="69"/>
        <source>Face payment is paused</source>
        <translation>Ansiktsbetaling er satt på pause</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="70"/>
        <source>Please pay another way</source>
        <translation>Betal på en annen måte</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="78"/>
        <source>Charged to account {account}. Thank you!</source>
        <translation>Trukket fra konto {account}. Takk!</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="80"/>
        <source>Pay at the register with a card or cash. You have not been charged.</source>
        <translation>Betal i kassen med kort eller kontanter. Du er ikke belastet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="99"/>
        <source>Scan the code with your phone to keep the receipt, or ask staff for a printout.</source>
        <translation>Skann koden med telefonen for å ta vare på kvitteringen, eller be betjeningen om en utskrift.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_window.py" line="176"/>
        <source>FacePay checkout</source>
        <translation>FacePay-kasse</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/widgets.py" line="118"/>
        <source>Camera on</source>
        <translation>Kamera på</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_capture.py" line="41"/>
        <source>Run the test verification</source>
        <translation>Kjør testverifiseringen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_capture.py" line="56"/>
        <source>Test verification</source>
        <translation>Testverifisering</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_capture.py" line="56"/>
        <source>Face capture</source>
        <translation>Ansiktsopptak</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_capture.py" line="60"/>
        <source>Ask the customer to look at the camera, then run the test.</source>
        <translation>Be kunden se mot kameraet, og kjør så testen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_consent.py" line="36"/>
        <source>Consent to face payment</source>
        <translation>Samtykke til ansiktsbetaling</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_consent.py" line="37"/>
        <source>I have read this and I agree to pay with my face</source>
        <translation>Jeg har lest dette og samtykker til å betale med ansiktet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_consent.py" line="38"/>
        <source>I agree</source>
        <translation>Jeg samtykker</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_consent.py" line="39"/>
        <source>I do not agree</source>
        <translation>Jeg samtykker ikke</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_consent.py" line="42"/>
        <source>Consent text version {version}</source>
        <translation>Samtykketekst versjon {version}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="73"/>
        <source>New customer</source>
        <translation>Ny kunde</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="74"/>
        <source>Full name</source>
        <translation>Fullt navn</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="76"/>
        <source>Start enrollment</source>
        <translation>Start registrering</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="77"/>
        <source>Existing customers</source>
        <translation>Eksisterende kunder</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="75"/>
        <source>Phone number</source>
        <translation>Telefonnummer</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="78"/>
        <source>Search: name, phone or id</source>
        <translation>Søk: navn, telefon eller ID</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="44"/>
        <source>Customers</source>
        <translation>Kunder</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="48"/>
        <location filename="../../pos_app/ui/desk_details.py" line="79"/>
        <source>Name</source>
        <translation>Navn</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="48"/>
        <location filename="../../pos_app/ui/desk_details.py" line="79"/>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="48"/>
        <location filename="../../pos_app/ui/desk_details.py" line="79"/>
        <source>Enrolled</source>
        <translation>Registrert</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="48"/>
        <source>Consent</source>
        <translation>Samtykke</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="48"/>
        <source>Key</source>
        <translation>Nøkkel</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="48"/>
        <source>Last paid</source>
        <translation>Sist betalt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="49"/>
        <source>Name, phone or customer number</source>
        <translation>Navn, telefon eller kundenummer</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="50"/>
        <location filename="../../pos_app/ui/admin_transactions.py" line="107"/>
        <source>Search</source>
        <translation>Søk</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="52"/>
        <source>Export their data</source>
        <translation>Eksporter dataene</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="62"/>
        <source>{active} enrolled ({recent} paid in the last 30 days, {store} with a store key); {withdrawn} withdrew consent; {erased} erased</source>
        <translation>{active} registrert ({recent} betalte siste 30 dager, {store} med butikknøkkel); {withdrawn} trakk samtykket; {erased} slettet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="66"/>
        <source>given</source>
        <translation>gitt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="66"/>
        <source>withdrawn</source>
        <translation>trukket</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="66"/>
        <source>erased</source>
        <translation>slettet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="67"/>
        <source>shopper&apos;s pass</source>
        <translation>kundens pass</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="67"/>
        <source>store key</source>
        <translation>butikknøkkel</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="69"/>
        <source>(erased)</source>
        <translation>(slettet)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="76"/>
        <source>Choose a customer first.</source>
        <translation>Velg en kunde først.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="83"/>
        <source>Erase {name}&apos;s face template and bank link now? This cannot be undone.</source>
        <translation>Slette ansiktsmalen og bankkoblingen til {name} nå? Det kan ikke angres.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="87"/>
        <source>Consent withdrawn: {count} template(s) crypto-erased.</source>
        <translation>Samtykke trukket: {count} mal(er) kryptoslettet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="96"/>
        <source>Exported to {path}</source>
        <translation>Eksportert til {path}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="100"/>
        <source>Erase</source>
        <translation>Slett</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="79"/>
        <source>Last used</source>
        <translation>Sist brukt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="80"/>
        <source>Re-enroll</source>
        <translation>Registrer på nytt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="81"/>
        <source>Export data</source>
        <translation>Eksporter data</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="51"/>
        <location filename="../../pos_app/ui/desk_details.py" line="82"/>
        <source>Withdraw consent and erase</source>
        <translation>Trekk samtykke og slett</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_window.py" line="50"/>
        <source>Register and back office: sign in</source>
        <translation>Kasse og administrasjon: logg inn</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_window.py" line="51"/>
        <source>Locked</source>
        <translation>Låst</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_window.py" line="86"/>
        <source>Starting…</source>
        <translation>Starter …</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_window.py" line="97"/>
        <source>The admin screens cannot start: {reason}</source>
        <translation>Administrasjonen kan ikke starte: {reason}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_window.py" line="137"/>
        <source>{name} locked the screen. Enter the PIN to go on.</source>
        <translation>{name} låste skjermen. Skriv inn PIN for å fortsette.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_window.py" line="187"/>
        <source>cashier</source>
        <translation>kasserer</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_window.py" line="187"/>
        <source>manager</source>
        <translation>leder</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_window.py" line="187"/>
        <source>admin</source>
        <translation>administrator</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_window.py" line="194"/>
        <source>Lock</source>
        <translation>Lås</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_window.py" line="195"/>
        <location filename="../../pos_app/ui/desk_details.py" line="83"/>
        <source>Sign out</source>
        <translation>Logg ut</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="106"/>
        <location filename="../../pos_app/ui/desk_details.py" line="113"/>
        <source>Select a customer first.</source>
        <translation>Velg en kunde først.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="116"/>
        <source>Withdraw consent</source>
        <translation>Trekk samtykke</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="117"/>
        <source>Erase this customer&apos;s face template and bank link now? This cannot be undone.</source>
        <translation>Slette kundens ansiktsmal og bankkobling nå? Dette kan ikke angres.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_login.py" line="17"/>
        <source>Service desk: sign in</source>
        <translation>Kundeservice: logg inn</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_login.py" line="36"/>
        <source>User name</source>
        <translation>Brukernavn</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_login.py" line="37"/>
        <source>PIN</source>
        <translation>PIN-kode</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_login.py" line="38"/>
        <source>Sign in</source>
        <translation>Logg inn</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_pass.py" line="35"/>
        <source>Enrolled: hand over the FacePay pass</source>
        <translation>Registrert: gi kunden FacePay-passet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_pass.py" line="36"/>
        <source>Save or print the pass (PDF)…</source>
        <translation>Lagre eller skriv ut passet (PDF) …</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_pass.py" line="37"/>
        <source>Next customer</source>
        <translation>Neste kunde</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_pass.py" line="48"/>
        <source>Save the pass</source>
        <translation>Lagre passet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_window.py" line="107"/>
        <source>Enrollment is not available on this desk: {reason}</source>
        <translation>Registrering er ikke tilgjengelig på denne pulten: {reason}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_window.py" line="152"/>
        <source>FacePay service desk</source>
        <translation>FacePay kundeservice</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="14"/>
        <source>Enter the customer&apos;s name.</source>
        <translation>Skriv inn kundens navn.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="14"/>
        <source>This store needs the customer&apos;s phone number.</source>
        <translation>Denne butikken trenger kundens telefonnummer.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="15"/>
        <source>That customer has no active enrollment.</source>
        <translation>Denne kunden har ingen aktiv registrering.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="15"/>
        <source>No consent: nothing was stored.</source>
        <translation>Ikke samtykke: ingenting ble lagret.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="16"/>
        <source>Let&apos;s try that again</source>
        <translation>La oss prøve igjen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="16"/>
        <source>The bank would not link that account</source>
        <translation>Banken ville ikke koble til den kontoen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="17"/>
        <source>Look at the camera for the test.</source>
        <translation>Se mot kameraet for testen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="18"/>
        <source>The test did not match; capture again or check who is in front of the camera.</source>
        <translation>Testen stemte ikke; ta opp på nytt eller sjekk hvem som står foran kameraet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="19"/>
        <source>Enrolled. Give the customer their FacePay pass.</source>
        <translation>Registrert. Gi kunden FacePay-passet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="19"/>
        <source>Cancelled: nothing was stored.</source>
        <translation>Avbrutt: ingenting ble lagret.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="20"/>
        <source>Export failed</source>
        <translation>Eksporten mislyktes</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="20"/>
        <source>Exported to</source>
        <translation>Eksportert til</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="20"/>
        <source>Saved the pass to</source>
        <translation>Passet er lagret i</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="21"/>
        <source>Consent withdrawn: the face template and bank link are erased.</source>
        <translation>Samtykket er trukket: ansiktsmalen og bankkoblingen er slettet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="22"/>
        <source>The camera gave no picture. Check it and try again.</source>
        <translation>Kameraet ga ikke noe bilde. Sjekk det og prøv igjen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="23"/>
        <source>Enrollment is not available on this desk right now.</source>
        <translation>Registrering er ikke tilgjengelig på denne pulten nå.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="23"/>
        <source>You are not allowed to do that.</source>
        <translation>Du har ikke lov til å gjøre det.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="24"/>
        <source>Something went wrong; nothing was stored. Start again.</source>
        <translation>Noe gikk galt; ingenting ble lagret. Begynn på nytt.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="56"/>
        <source>Accuracy and fairness</source>
        <translation>Treffsikkerhet og rettferdighet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="60"/>
        <source>Labelled pairs (CSV: image_a, image_b, label[, group])</source>
        <translation>Merkede par (CSV: image_a, image_b, label[, group])</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="61"/>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="78"/>
        <source>Folder of the images</source>
        <translation>Mappe med bildene</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="62"/>
        <source>Run the evaluation</source>
        <translation>Kjør evalueringen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="63"/>
        <source>Figure</source>
        <translation>Mål</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="63"/>
        <source>Value</source>
        <translation>Verdi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="64"/>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="64"/>
        <source>Pairs</source>
        <translation>Par</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="67"/>
        <source>Engine {engine}, threshold {threshold:.3f}.</source>
        <translation>Motor {engine}, terskel {threshold:.3f}.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="71"/>
        <source>Labelled pairs</source>
        <translation>Merkede par</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="84"/>
        <source>Choose the pairs file and the image folder.</source>
        <translation>Velg parfilen og bildemappen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="89"/>
        <source>Running… the kiosk keeps working meanwhile.</source>
        <translation>Kjører … kiosken virker som vanlig imens.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="105"/>
        <source>Pairs scored</source>
        <translation>Par målt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="106"/>
        <source>Could not be read</source>
        <translation>Kunne ikke leses</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="107"/>
        <source>False match rate (FMR)</source>
        <translation>Andel falske treff (FMR)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="107"/>
        <source>False non-match rate (FNMR)</source>
        <translation>Andel falske avvisninger (FNMR)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="108"/>
        <source>Equal error rate</source>
        <translation>Lik feilrate (EER)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="113"/>
        <source>n/a (a group has rate 0)</source>
        <translation>i.t. (en gruppe har rate 0)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="114"/>
        <source>Largest ratio between groups: FMR {fmr}, FNMR {fnmr}</source>
        <translation>Største forhold mellom grupper: FMR {fmr}, FNMR {fnmr}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="117"/>
        <source>The set has no group column, so no per-group figures.</source>
        <translation>Settet har ingen gruppekolonne, så ingen tall per gruppe.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="119"/>
        <source>Done. The settings screen now shows thresholds against this run.</source>
        <translation>Ferdig. Innstillingene viser nå terskler mot denne kjøringen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_audit.py" line="39"/>
        <source>Audit log</source>
        <translation>Revisjonslogg</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_audit.py" line="43"/>
        <location filename="../../pos_app/ui/admin_transactions.py" line="93"/>
        <location filename="../../pos_app/ui/admin_transactions.py" line="175"/>
        <source>Time</source>
        <translation>Tid</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_audit.py" line="43"/>
        <location filename="../../pos_app/ui/admin_audit.py" line="45"/>
        <source>Who</source>
        <translation>Hvem</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_audit.py" line="43"/>
        <source>Action</source>
        <translation>Handling</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_audit.py" line="43"/>
        <location filename="../../pos_app/ui/admin_transactions.py" line="93"/>
        <location filename="../../pos_app/ui/admin_transactions.py" line="175"/>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_audit.py" line="43"/>
        <source>Subject</source>
        <translation>Gjelder</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_audit.py" line="44"/>
        <source>Action, e.g. transaction.</source>
        <translation>Handling, f.eks. transaction.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_audit.py" line="46"/>
        <source>Subject id</source>
        <translation>Gjelder-id</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_audit.py" line="47"/>
        <source>Filter</source>
        <translation>Filtrer</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_audit.py" line="58"/>
        <source>Chain intact: {count} events, none altered, removed or reordered.</source>
        <translation>Kjeden er hel: {count} hendelser, ingen endret, fjernet eller flyttet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_audit.py" line="62"/>
        <source>Chain BROKEN at event #{seq}: {problem}</source>
        <translation>Kjeden er BRUTT ved hendelse #{seq}: {problem}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_audit.py" line="74"/>
        <source>Before</source>
        <translation>Før</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_audit.py" line="74"/>
        <source>After</source>
        <translation>Etter</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_health.py" line="28"/>
        <source>Health</source>
        <translation>Helse</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_health.py" line="32"/>
        <source>Check</source>
        <translation>Sjekk</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_health.py" line="32"/>
        <source>Result</source>
        <translation>Resultat</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_health.py" line="32"/>
        <source>Detail</source>
        <translation>Detaljer</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_health.py" line="33"/>
        <source>Check again</source>
        <translation>Sjekk igjen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_health.py" line="36"/>
        <source>Checking…</source>
        <translation>Sjekker …</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_health.py" line="43"/>
        <source>FAIL</source>
        <translation>FEIL</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_health.py" line="47"/>
        <source>Needs attention: {names}</source>
        <translation>Trenger tilsyn: {names}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_health.py" line="49"/>
        <source>Everything is working.</source>
        <translation>Alt virker.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_page.py" line="130"/>
        <source>waiting</source>
        <translation>venter</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_page.py" line="130"/>
        <source>verifying</source>
        <translation>verifiserer</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_page.py" line="131"/>
        <source>approved</source>
        <translation>godkjent</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_page.py" line="131"/>
        <source>declined</source>
        <translation>avvist</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_page.py" line="131"/>
        <source>not completed</source>
        <translation>ikke fullført</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_page.py" line="132"/>
        <source>bank did not answer</source>
        <translation>banken svarte ikke</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_page.py" line="132"/>
        <source>cancelled</source>
        <translation>avbrutt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_page.py" line="132"/>
        <source>voided</source>
        <translation>annullert</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_page.py" line="133"/>
        <location filename="../../pos_app/ui/admin_transactions.py" line="178"/>
        <source>refunded</source>
        <translation>refundert</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_page.py" line="133"/>
        <source>partly refunded</source>
        <translation>delvis refundert</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="75"/>
        <source>Settings</source>
        <translation>Innstillinger</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="79"/>
        <source>Face engine</source>
        <translation>Ansiktsmotor</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="79"/>
        <source>Match threshold</source>
        <translation>Terskel for treff</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="80"/>
        <source>Liveness strictness</source>
        <translation>Strenghet for livstegn</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="81"/>
        <source>Erase unused templates after (months)</source>
        <translation>Slett ubrukte maler etter (måneder)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="82"/>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="82"/>
        <source>Bank URL</source>
        <translation>Bankens URL</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="82"/>
        <source>Bank terminal id</source>
        <translation>Bankterminal-id</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="83"/>
        <source>Bank terminal key</source>
        <translation>Bankterminalnøkkel</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="83"/>
        <source>Language</source>
        <translation>Språk</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="84"/>
        <source>Cashier refund limit</source>
        <translation>Refusjonsgrense for kasserer</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="89"/>
        <source>standard (one more turn below 0.91)</source>
        <translation>vanlig (én vending til under 0,91)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="89"/>
        <source>strict (below 0.95)</source>
        <translation>streng (under 0,95)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="89"/>
        <source>strictest (below 0.98)</source>
        <translation>strengest (under 0,98)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="94"/>
        <source>unchanged unless typed</source>
        <translation>uendret om ikke skrevet inn</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="95"/>
        <source>Save settings</source>
        <translation>Lagre innstillinger</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="131"/>
        <source>On this release&apos;s evaluation (a kiosk&apos;s way: a 3-capture template against fused frames; {genuine} genuine, {impostor} impostor tries): false matches {fmr}, false non-matches {fnmr}. The default {default} is the lowest threshold with at most 1 false match in 10,000.</source>
        <translation>På denne versjonens evaluering (slik en kiosk gjør det: en mal av 3 opptak mot sammenslåtte bilder; {genuine} ekte forsøk, {impostor} forsøk fra andre): falske treff {fmr}, falske avvisninger {fnmr}. Standardverdien {default} er den laveste terskelen med høyst 1 falskt treff av 10 000.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="131"/>
        <source>On the last evaluation here (one photo against one photo; {genuine} genuine, {impostor} impostor pairs): false matches {fmr}, false non-matches {fnmr}.</source>
        <translation>På siste evaluering her (ett bilde mot ett bilde; {genuine} ekte par, {impostor} ulike par): falske treff {fmr}, falske avvisninger {fnmr}.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="131"/>
        <source>No evaluation of this engine here yet: run one on the Accuracy screen to see what a threshold means on your own labelled photos.</source>
        <translation>Ingen evaluering av denne motoren her ennå: kjør en på skjermen for treffsikkerhet for å se hva en terskel betyr på deres egne merkede bilder.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="131"/>
        <source>Higher is safer and rejects more real shoppers.</source>
        <translation>Høyere er tryggere og avviser flere ekte kunder.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="162"/>
        <source>Nothing changed.</source>
        <translation>Ingenting er endret.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="168"/>
        <source>Saved. The kiosk and desk use the new settings when they next start.</source>
        <translation>Lagret. Kiosken og skranken bruker de nye innstillingene ved neste start.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="68"/>
        <source>Shift and reports</source>
        <translation>Skift og rapporter</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="72"/>
        <source>Float counted in the drawer</source>
        <translation>Vekselkasse talt i skuffen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="73"/>
        <source>Open shift</source>
        <translation>Åpne skift</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="74"/>
        <source>Close shift with this count</source>
        <translation>Lukk skiftet med denne tellingen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="75"/>
        <source>X report (so far today)</source>
        <translation>X-rapport (hittil i dag)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="76"/>
        <source>Z report (PDF)</source>
        <translation>Z-rapport (PDF)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="78"/>
        <source>{value} kr</source>
        <translation>{value} kr</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="83"/>
        <source>A manager prints the Z report.</source>
        <translation>En leder skriver ut Z-rapporten.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="92"/>
        <source>No shift is open on this register.</source>
        <translation>Ingen skift er åpent på denne kassen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="94"/>
        <source>Shift open since {time}; float {float}; the drawer should hold {expected}.</source>
        <translation>Skift åpent siden {time}; veksel {float}; skuffen skal inneholde {expected}.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="107"/>
        <source>Counted {counted}; expected {expected}; variance {variance}</source>
        <translation>Talt {counted}; forventet {expected}; avvik {variance}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="119"/>
        <source>Shift opened.</source>
        <translation>Skiftet er åpnet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="128"/>
        <source>Shift closed: expected {expected}, counted {counted}, variance {variance}.</source>
        <translation>Skiftet er lukket: forventet {expected}, talt {counted}, avvik {variance}.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="141"/>
        <source>Z report saved: {path}</source>
        <translation>Z-rapport lagret: {path}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="28"/>
        <location filename="../../pos_app/ui/admin_transactions.py" line="181"/>
        <source>Reason</source>
        <translation>Grunn</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="33"/>
        <source>This needs a manager&apos;s approval.</source>
        <translation>Dette krever godkjenning fra en leder.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="34"/>
        <source>Manager</source>
        <translation>Leder</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="35"/>
        <source>Manager PIN</source>
        <translation>Leders PIN</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="89"/>
        <source>Transactions</source>
        <translation>Transaksjoner</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="93"/>
        <location filename="../../pos_app/ui/admin_transactions.py" line="176"/>
        <source>Amount</source>
        <translation>Beløp</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="93"/>
        <source>Method</source>
        <translation>Måte</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="93"/>
        <location filename="../../pos_app/ui/admin_transactions.py" line="176"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="93"/>
        <source>Refunded</source>
        <translation>Refundert</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="94"/>
        <source>From amount</source>
        <translation>Fra beløp</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="95"/>
        <source>To amount</source>
        <translation>Til beløp</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="98"/>
        <source>Any status</source>
        <translation>Alle statuser</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="104"/>
        <location filename="../../pos_app/ui/admin_transactions.py" line="106"/>
        <source>Any terminal</source>
        <translation>Alle terminaler</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="108"/>
        <source>Reprint receipt</source>
        <translation>Skriv ut kvittering på nytt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="109"/>
        <source>Void</source>
        <translation>Annuller</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="110"/>
        <source>Amount to refund</source>
        <translation>Beløp å refundere</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="111"/>
        <location filename="../../pos_app/ui/admin_transactions.py" line="182"/>
        <source>Refund</source>
        <translation>Refunder</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="144"/>
        <source>{count} found</source>
        <translation>{count} funnet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="169"/>
        <source>Choose a transaction to see its detail.</source>
        <translation>Velg en transaksjon for å se detaljene.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="175"/>
        <source>Reference</source>
        <translation>Referanse</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="177"/>
        <source>Verification score</source>
        <translation>Verifiseringspoeng</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="177"/>
        <source>Liveness</source>
        <translation>Livstegn</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="178"/>
        <source>Captured</source>
        <translation>Trukket</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="183"/>
        <source>No image is ever stored.</source>
        <translation>Ingen bilder lagres noen gang.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="191"/>
        <source>Up to {left}</source>
        <translation>Opptil {left}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="198"/>
        <source>Receipt copy saved: {path}</source>
        <translation>Kvitteringskopi lagret: {path}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="202"/>
        <source>Void this sale</source>
        <translation>Annuller dette salget</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="213"/>
        <source>Refund {amount}</source>
        <translation>Refunder {amount}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="238"/>
        <source>Done: the sale is now {state}.</source>
        <translation>Ferdig: salget er nå {state}.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="1"/>
        <source>From date</source>
        <translation>Fra dato</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="1"/>
        <source>To date</source>
        <translation>Til dato</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>Quantity</source>
        <translation>Antall</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="1"/>
        <source>Per group</source>
        <translation>Per gruppe</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_window.py" line="1"/>
        <source>Screens</source>
        <translation>Skjermbilder</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_window.py" line="1"/>
        <source>Help</source>
        <translation>Hjelp</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_window.py" line="1"/>
        <source>Calls a member of staff to this kiosk. Minus key on the keypad.</source>
        <translation>Tilkaller betjeningen til denne kiosken. Minustasten på tastaturet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_window.py" line="1"/>
        <source>Accessibility</source>
        <translation>Tilgjengelighet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_window.py" line="1"/>
        <source>Speech, high contrast and large text. Star key turns speech on.</source>
        <translation>Tale, høy kontrast og stor tekst. Stjernetasten slår på tale.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_window.py" line="1"/>
        <source>Speech is not available on this kiosk. Please ask staff for help.</source>
        <translation>Tale er ikke tilgjengelig på denne kiosken. Be betjeningen om hjelp.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_window.py" line="1"/>
        <source>Calling staff…</source>
        <translation>Tilkaller betjeningen …</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_window.py" line="1"/>
        <source>Staff have been called and are on their way.</source>
        <translation>Betjeningen er tilkalt og kommer.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_window.py" line="1"/>
        <source>Staff could not be called from here. Please ask at the register.</source>
        <translation>Betjeningen kunne ikke tilkalles herfra. Spør i kassen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_access.py" line="1"/>
        <source>Close</source>
        <translation>Lukk</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_access.py" line="1"/>
        <source>Hides these settings; they stay as they are.</source>
        <translation>Skjuler disse innstillingene; de forblir som de er.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_access.py" line="1"/>
        <source>Reads the screen aloud. Star key on the keypad.</source>
        <translation>Leser skjermen høyt. Stjernetasten på tastaturet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_access.py" line="1"/>
        <source>Yellow and white on black.</source>
        <translation>Gult og hvitt på svart.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_access.py" line="1"/>
        <source>Doubles the size of all text.</source>
        <translation>Dobler størrelsen på all tekst.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_access.py" line="1"/>
        <source>on</source>
        <translation>på</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_access.py" line="1"/>
        <source>off</source>
        <translation>av</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_access.py" line="1"/>
        <source>Speech</source>
        <translation>Tale</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_access.py" line="1"/>
        <source>High contrast</source>
        <translation>Høy kontrast</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_access.py" line="1"/>
        <source>Large text</source>
        <translation>Stor tekst</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_capture.py" line="1"/>
        <source>Steps done</source>
        <translation>Steg fullført</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/time_limit.py" line="1"/>
        <source>More time</source>
        <translation>Mer tid</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/time_limit.py" line="1"/>
        <source>Keeps this screen and gives you the full time again.</source>
        <translation>Beholder dette bildet og gir deg hele tiden på nytt.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/time_limit.py" line="1"/>
        <source>Time is nearly up ({seconds} s). Press More time to stay.</source>
        <translation>Tiden er snart ute ({seconds} s). Trykk Mer tid for å bli.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>On my way</source>
        <translation>Jeg kommer</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>Tells the register you are going to the kiosk; the call is cleared.</source>
        <translation>Forteller kassen at du går til kiosken; anropet fjernes.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>{kiosk} asks for help (since {time}).</source>
        <translation>{kiosk} ber om hjelp (siden {time}).</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>{kiosk} refused {refused} of {sessions} face checks today: its camera or the light there may need a look.</source>
        <translation>{kiosk} avviste {refused} av {sessions} ansiktssjekker i dag: kameraet eller lyset der bør sjekkes.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_idle.py" line="1"/>
        <source>Sends the total to the payment screen.</source>
        <translation>Sender beløpet videre til betalingen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_amount.py" line="1"/>
        <source>Pay by looking at the camera, with your FacePay pass.</source>
        <translation>Betal ved å se i kameraet, med FacePay-passet ditt.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_amount.py" line="1"/>
        <source>Pay at the register with a card or cash instead.</source>
        <translation>Betal i kassen med kort eller kontanter i stedet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_claim.py" line="1"/>
        <source>Looks up the FacePay customer with this phone number.</source>
        <translation>Finner FacePay-kunden med dette telefonnummeret.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_claim.py" line="1"/>
        <source>Stops this payment; nothing is charged.</source>
        <translation>Stopper denne betalingen; ingenting trekkes.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="1"/>
        <source>Starts the face check again for the same amount.</source>
        <translation>Starter ansiktssjekken på nytt for samme beløp.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="1"/>
        <source>Back to the start screen.</source>
        <translation>Tilbake til startbildet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_pass.py" line="1"/>
        <source>Saves the pass as a PDF to print or send to the customer.</source>
        <translation>Lagrer passet som PDF for utskrift eller til kunden.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_pass.py" line="1"/>
        <source>Clears this customer from the screen and starts with the next.</source>
        <translation>Fjerner denne kunden fra skjermen og starter med neste.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_bank.py" line="1"/>
        <source>Asks the bank to link this account; the bank returns a token, never the account's secrets.</source>
        <translation>Ber banken koble til kontoen; banken gir en nøkkel, aldri kontoens hemmeligheter.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_bank.py" line="1"/>
        <source>Stops this enrollment; nothing is kept.</source>
        <translation>Stopper registreringen; ingenting lagres.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_capture.py" line="1"/>
        <source>Checks the new template against a fresh look at the camera.</source>
        <translation>Sjekker den nye malen mot et nytt blikk i kameraet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_consent.py" line="1"/>
        <source>The consent text the customer reads before agreeing.</source>
        <translation>Samtykketeksten kunden leser før de sier ja.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_consent.py" line="1"/>
        <source>The customer confirms they have read the text.</source>
        <translation>Kunden bekrefter at de har lest teksten.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_consent.py" line="1"/>
        <source>Records the customer's consent and goes on to the camera.</source>
        <translation>Registrerer kundens samtykke og går videre til kameraet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_consent.py" line="1"/>
        <source>Ends the enrollment; nothing about the customer is kept.</source>
        <translation>Avslutter registreringen; ingenting om kunden lagres.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="1"/>
        <source>Starts enrollment for the customer typed above.</source>
        <translation>Starter registrering for kunden over.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="1"/>
        <source>Signs the operator out of the desk.</source>
        <translation>Logger operatøren ut av skranken.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="1"/>
        <source>Customers found; choose one to re-enroll, export or erase.</source>
        <translation>Kunder som er funnet; velg en for å registrere på nytt, eksportere eller slette.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="1"/>
        <source>Takes a new face template for the chosen customer.</source>
        <translation>Tar en ny ansiktsmal for valgt kunde.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="1"/>
        <source>Saves everything stored about the chosen customer (GDPR Art. 15).</source>
        <translation>Lagrer alt som er lagret om valgt kunde (GDPR art. 15).</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="1"/>
        <source>Withdraws consent and erases the chosen customer's template and data.</source>
        <translation>Trekker samtykket og sletter valgt kundes mal og data.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_login.py" line="1"/>
        <source>Signs in with this name and PIN.</source>
        <translation>Logger inn med dette navnet og PIN-koden.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_window.py" line="1"/>
        <source>Locks the screen until your PIN is entered again.</source>
        <translation>Låser skjermen til PIN-koden tastes inn igjen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_window.py" line="1"/>
        <source>Signs you out; the next person signs in with their own PIN.</source>
        <translation>Logger deg ut; neste person logger inn med sin egen PIN.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_window.py" line="1"/>
        <source>The screens you may open; Up and Down choose one.</source>
        <translation>Skjermbildene du kan åpne; pil opp og ned velger.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="1"/>
        <source>Choose the pairs file (CSV) to evaluate.</source>
        <translation>Velg parfilen (CSV) som skal evalueres.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="1"/>
        <source>Choose the folder of face images the pairs name.</source>
        <translation>Velg mappen med ansiktsbildene parene viser til.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="1"/>
        <source>Runs the evaluation in the background; the screens stay usable.</source>
        <translation>Kjører evalueringen i bakgrunnen; skjermene kan brukes imens.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="1"/>
        <source>Error rates of the whole evaluation.</source>
        <translation>Feilrater for hele evalueringen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_accuracy.py" line="1"/>
        <source>Error rates per group, where the pairs are labelled.</source>
        <translation>Feilrater per gruppe, der parene er merket.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_health.py" line="1"/>
        <source>Each part of the system and whether it works.</source>
        <translation>Hver del av systemet og om den virker.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_health.py" line="1"/>
        <source>Checks every part again now.</source>
        <translation>Sjekker alle delene på nytt nå.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="1"/>
        <source>Which face engine compares faces.</source>
        <translation>Hvilken ansiktsmotor som sammenligner ansikter.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="1"/>
        <source>How alike two faces must be to count as the same person.</source>
        <translation>Hvor like to ansikter må være for å regnes som samme person.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="1"/>
        <source>How readily the kiosk asks for one more turn of the head when it is unsure. It never turns more shoppers away.</source>
        <translation>Hvor lett kiosken ber om én vending til med hodet når den er usikker. Den avviser aldri flere kunder.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="1"/>
        <source>Templates not used for this long are erased.</source>
        <translation>Maler som ikke er brukt så lenge, slettes.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="1"/>
        <source>The camera's number, or a video file or image folder for testing.</source>
        <translation>Kameraets nummer, eller en videofil eller bildemappe for testing.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="1"/>
        <source>Where the bank's payment service answers.</source>
        <translation>Hvor bankens betalingstjeneste svarer.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="1"/>
        <source>This terminal's id at the bank.</source>
        <translation>Denne terminalens id hos banken.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="1"/>
        <source>This terminal's signing key at the bank; never shown.</source>
        <translation>Denne terminalens signeringsnøkkel hos banken; vises aldri.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="1"/>
        <source>The screens' language when they start.</source>
        <translation>Skjermenes språk når de starter.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="1"/>
        <source>What a cashier may refund alone; above it a manager's PIN is needed.</source>
        <translation>Hva en kasserer kan refundere alene; over det trengs lederens PIN.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="1"/>
        <source>Saves the settings; each change is written to the audit log.</source>
        <translation>Lagrer innstillingene; hver endring skrives i revisjonsloggen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_audit.py" line="1"/>
        <source>Shows the events that match the filter.</source>
        <translation>Viser hendelsene som passer filteret.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_audit.py" line="1"/>
        <source>Events, newest first; each is chained to the one before it.</source>
        <translation>Hendelser, nyeste først; hver er lenket til den før.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="1"/>
        <source>Finds customers by name, phone or id.</source>
        <translation>Finner kunder etter navn, telefon eller id.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="1"/>
        <source>Customers found; choose one to export or erase.</source>
        <translation>Kunder som er funnet; velg en for å eksportere eller slette.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="1"/>
        <source>The first day to show.</source>
        <translation>Første dag som vises.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="1"/>
        <source>The last day to show.</source>
        <translation>Siste dag som vises.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="1"/>
        <source>Show only sales in this state.</source>
        <translation>Vis bare salg med denne statusen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="1"/>
        <source>Show only sales from this terminal.</source>
        <translation>Vis bare salg fra denne terminalen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="1"/>
        <source>Shows the sales that match the filter.</source>
        <translation>Viser salgene som passer filteret.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="1"/>
        <source>Sales found; choose one to reprint, void or refund.</source>
        <translation>Salg som er funnet; velg ett for ny kvittering, annullering eller refusjon.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="1"/>
        <source>Saves the chosen sale's receipt again.</source>
        <translation>Lagrer kvitteringen for valgt salg på nytt.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="1"/>
        <source>Cancels the chosen sale before the bank has settled it.</source>
        <translation>Annullerer valgt salg før banken har gjort det opp.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_transactions.py" line="1"/>
        <source>Gives money back for the chosen sale.</source>
        <translation>Gir pengene tilbake for valgt salg.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="1"/>
        <source>How many of this note or coin are in the drawer.</source>
        <translation>Hvor mange av denne seddelen eller mynten som er i skuffen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="1"/>
        <source>Opens a shift with this float in the drawer.</source>
        <translation>Åpner et skift med denne vekselkassen i skuffen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="1"/>
        <source>Closes the shift with the count above and prints the Z report.</source>
        <translation>Lukker skiftet med tellingen over og skriver Z-rapporten.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="1"/>
        <source>A report of the shift so far; nothing is closed.</source>
        <translation>En rapport for skiftet så langt; ingenting lukkes.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="1"/>
        <source>The closed shift's report as a PDF.</source>
        <translation>Rapporten for det lukkede skiftet som PDF.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>The lines of this sale.</source>
        <translation>Linjene i dette salget.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>How many of the item.</source>
        <translation>Hvor mange av varen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>The item's VAT rate.</source>
        <translation>Varens mva-sats.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>Adds the item above to the sale.</source>
        <translation>Legger varen over til salget.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>Adds one amount as a line of its own.</source>
        <translation>Legger til ett beløp som egen linje.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>Removes the chosen line.</source>
        <translation>Fjerner valgt linje.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>Empties the sale.</source>
        <translation>Tømmer salget.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>The kiosk the shopper will pay at.</source>
        <translation>Kiosken kunden skal betale på.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>Shows the total on the chosen kiosk for a face payment.</source>
        <translation>Viser beløpet på valgt kiosk for ansiktsbetaling.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>Takes the sale back from the kiosk before the shopper pays.</source>
        <translation>Tar salget tilbake fra kiosken før kunden betaler.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>Takes cash for the sale and shows the change.</source>
        <translation>Tar imot kontanter og viser vekslepenger.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>Records a payment on the store's own card terminal.</source>
        <translation>Registrerer betaling på butikkens egen kortterminal.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="1"/>
        <source>Starts the next sale.</source>
        <translation>Starter neste salg.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_access.py" line="1"/>
        <source>One step louder; after the loudest, the softest. Plus key on the keypad.</source>
        <translation>Ett trinn høyere; etter det høyeste, det laveste. Plusstasten på tastaturet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_access.py" line="1"/>
        <source>Volume: {level} of {levels}</source>
        <translation>Lydstyrke: {level} av {levels}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="1"/>
        <source>Longer times for every screen</source>
        <translation>Lengre tid på alle skjermbilder</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_settings.py" line="1"/>
        <source>Multiplies every time limit of the kiosk and these screens (1 = standard).</source>
        <translation>Ganger hver tidsgrense på kiosken og disse skjermene (1 = standard).</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>A manager switches training mode on or off for this register.</source>
        <translation>En leder slår treningsmodus på eller av for denne kassen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Copy printed.</source>
        <translation>Kopi skrevet ut.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Drawer closed</source>
        <translation>Skuffen er lukket</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Drawer closed.</source>
        <translation>Skuffen er lukket.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Drawer opened (no sale).</source>
        <translation>Skuffen åpnet (uten salg).</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Not printed: {why}</source>
        <translation>Ikke skrevet ut: {why}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Open drawer</source>
        <translation>Åpne skuffen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Opens the cash drawer without a sale; the journal records it.</source>
        <translation>Åpner kasseskuffen uten salg; journalen registrerer det.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Print again</source>
        <translation>Skriv ut igjen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Printed.</source>
        <translation>Skrevet ut.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Prints the last sale&apos;s one copy, marked KOPI; a second copy is not allowed.</source>
        <translation>Skriver ut den ene kopien av siste salg, merket KOPI; en ny kopi er ikke tillatt.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Prints the receipts the printer could not print.</source>
        <translation>Skriver ut kvitteringene skriveren ikke fikk skrevet ut.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Receipt</source>
        <translation>Kvittering</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Receipt copy</source>
        <translation>Kvitteringskopi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Records that the drawer is closed again; no sale is taken while it is open.</source>
        <translation>Registrerer at skuffen er lukket igjen; ingen salg tas mens den er åpen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>TRAINING MODE: sales here are practice, never takings; every receipt says so.</source>
        <translation>TRENINGSMODUS: salg her er øving, aldri omsetning; hver kvittering sier det.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Training mode is off.</source>
        <translation>Treningsmodus er av.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Training mode is on.</source>
        <translation>Treningsmodus er på.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Training mode off</source>
        <translation>Treningsmodus av</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Training mode on</source>
        <translation>Treningsmodus på</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>Training receipt</source>
        <translation>Treningskvittering</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>{title} no. {number} printed.</source>
        <translation>{title} nr. {number} skrevet ut.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_till.py" line="1"/>
        <source>{title} no. {number} was not printed: {why}</source>
        <translation>{title} nr. {number} ble ikke skrevet ut: {why}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="1"/>
        <source>SAF-T export</source>
        <translation>SAF-T-eksport</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="1"/>
        <source>SAF-T file written: {path}</source>
        <translation>SAF-T-fil skrevet: {path}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="1"/>
        <source>SAF-T from</source>
        <translation>SAF-T fra</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="1"/>
        <source>SAF-T to</source>
        <translation>SAF-T til</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="1"/>
        <source>The first day in the SAF-T file.</source>
        <translation>Første dag i SAF-T-filen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="1"/>
        <source>The last day in the SAF-T file.</source>
        <translation>Siste dag i SAF-T-filen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="1"/>
        <source>The register&apos;s report was not printed: {why}</source>
        <translation>Kassens rapport ble ikke skrevet ut: {why}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="1"/>
        <source>Write the days as 2026-11-28.</source>
        <translation>Skriv dagene som 2026-11-28.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_shift.py" line="1"/>
        <source>Writes the SAF-T Cash Register file the Tax Administration may ask for, for the days from and to.</source>
        <translation>Skriver SAF-T Kassasystem-filen Skatteetaten kan be om, for dagene fra og til.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_window.py" line="1"/>
        <source>TRAINING: practice only; no money moves and no receipt is valid.</source>
        <translation>TRENING: bare øving; ingen penger flyttes og ingen kvittering er gyldig.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="1"/>
        <source>bank revocation pending</source>
        <translation>venter på at banken trekker tilbake koblingen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="1"/>
        <source>The bank has not confirmed that the payment link is revoked; it is retried until it does.</source>
        <translation>Banken har ikke bekreftet at betalingskoblingen er trukket tilbake; det prøves igjen til den gjør det.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="1"/>
        <source>Turn face payment back on</source>
        <translation>Slå på ansiktsbetaling igjen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="1"/>
        <source>After failed tries face payment pauses for a customer; turn it back on once you have seen them (recorded in the audit trail).</source>
        <translation>Etter mislykkede forsøk settes ansiktsbetaling på pause for en kunde; slå den på igjen når du har sett kunden (føres i revisjonssporet).</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_customers.py" line="1"/>
        <source>Face payment is on again for {name}.</source>
        <translation>Ansiktsbetaling er på igjen for {name}.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_messages.py" line="22"/>
        <source>Consent withdrawn: the face template is erased; the bank has not yet confirmed that the bank link is revoked, and it is asked again until it does.</source>
        <translation>Samtykke trukket tilbake: ansiktsmalen er slettet; banken har ennå ikke bekreftet at bankkoblingen er trukket tilbake, og den blir spurt igjen til den gjør det.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_result.py" line="92"/>
        <source>That did not work. Please pay another way; you have not been charged.</source>
        <translation>Det fungerte ikke. Betal på en annen måte; du er ikke belastet.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/admin_register.py" line="365"/>
        <source>No pass was shown at the kiosk</source>
        <translation>Ingen pass ble vist på kiosken</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/kiosk_idle.py" line="52"/>
        <source>That is more than a payment here can be. Pay at the register.</source>
        <translation>Det er mer enn en betaling her kan være. Betal i kassen.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/desk_details.py" line="86"/>
        <source>Recogniser</source>
        <translation>Gjenkjenner</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/widgets.py" line="300"/>
        <source>re-enrol</source>
        <translation>registrer på nytt</translation>
    </message>
    <message>
        <source>A cash drawer on the receipt printer opens for cash and is journaled.</source>
        <translation>En kassaskuff på kvitteringsskriveren åpnes for kontanter og journalføres.</translation>
    </message>
    <message>
        <source>Add article</source>
        <translation>Legg til vare</translation>
    </message>
    <message>
        <source>Add the article with the code {code}, then scan it again at the register.</source>
        <translation>Legg til varen med koden {code}, og skann den på nytt i kassen.</translation>
    </message>
    <message>
        <source>Address on receipts</source>
        <translation>Adresse på kvitteringer</translation>
    </message>
    <message>
        <source>Adds the article with this PLU or barcode, as many as the quantity says.</source>
        <translation>Legger til varen med dette PLU-nummeret eller strekkoden, så mange som antallet sier.</translation>
    </message>
    <message>
        <source>Adds the article, or gives it a new price; the change is journaled.</source>
        <translation>Legger til varen, eller gir den ny pris; endringen journalføres.</translation>
    </message>
    <message>
        <source>Article group</source>
        <translation>Varegruppe</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-filer (*.csv)</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>Kassaskuff</translation>
    </message>
    <message>
        <source>EAN</source>
        <translation>EAN</translation>
    </message>
    <message>
        <source>Every sale needs its legal receipt, so a shift opens once a manager has set, on the Settings page: {missing}.</source>
        <translation>Hvert salg trenger sin lovpålagte kvittering, så et skift åpnes først når en leder har satt, på siden Innstillinger: {missing}.</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>Importer CSV …</translation>
    </message>
    <message>
        <source>Import a price list</source>
        <translation>Importer en prisliste</translation>
    </message>
    <message>
        <source>Imported {n} articles.</source>
        <translation>Importerte {n} varer.</translation>
    </message>
    <message>
        <source>Name, PLU or EAN</source>
        <translation>Navn, PLU eller EAN</translation>
    </message>
    <message>
        <source>Nine digits from the Brønnøysund register; receipts add MVA.</source>
        <translation>Ni sifre fra Brønnøysundregistrene; kvitteringer legger til MVA.</translation>
    </message>
    <message>
        <source>No article has the code {code}. A manager can add it on the Price list page.</source>
        <translation>Ingen vare har koden {code}. En leder kan legge den til på siden Prisliste.</translation>
    </message>
    <message>
        <source>Organisation number</source>
        <translation>Organisasjonsnummer</translation>
    </message>
    <message>
        <source>PLU</source>
        <translation>PLU</translation>
    </message>
    <message>
        <source>PLU or barcode</source>
        <translation>PLU eller strekkode</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Pris</translation>
    </message>
    <message>
        <source>Price list</source>
        <translation>Prisliste</translation>
    </message>
    <message>
        <source>Reads name,plu,ean,price,vat,group; a bad row stops the import and nothing is stored.</source>
        <translation>Leser name,plu,ean,price,vat,group; en feil rad stopper importen, og ingenting lagres.</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Kvitteringsskriver</translation>
    </message>
    <message>
        <source>Save article</source>
        <translation>Lagre vare</translation>
    </message>
    <message>
        <source>Saved: {name} costs {price}.</source>
        <translation>Lagret: {name} koster {price}.</translation>
    </message>
    <message>
        <source>Shop&apos;s legal name</source>
        <translation>Butikkens juridiske navn</translation>
    </message>
    <message>
        <source>Shows the articles whose name, PLU or EAN contains this.</source>
        <translation>Viser varene der navn, PLU eller EAN inneholder dette.</translation>
    </message>
    <message>
        <source>The article group the Z report and SAF-T count it under.</source>
        <translation>Varegruppen Z-rapporten og SAF-T teller den under.</translation>
    </message>
    <message>
        <source>The barcode a scanner reads; its check digit is checked.</source>
        <translation>Strekkoden en skanner leser; kontrollsifferet sjekkes.</translation>
    </message>
    <message>
        <source>The code a cashier types; leave empty for an article known by its EAN.</source>
        <translation>Koden en kasserer taster; la stå tom for en vare som kjennes på EAN.</translation>
    </message>
    <message>
        <source>The name the receipt prints.</source>
        <translation>Navnet kvitteringen skriver ut.</translation>
    </message>
    <message>
        <source>The price list as it stands; choose an article to change it.</source>
        <translation>Prislisten slik den er nå; velg en vare for å endre den.</translation>
    </message>
    <message>
        <source>The seller&apos;s name as every receipt prints it.</source>
        <translation>Selgerens navn slik hver kvittering skriver det ut.</translation>
    </message>
    <message>
        <source>The shop&apos;s address as every receipt prints it.</source>
        <translation>Butikkens adresse slik hver kvittering skriver den ut.</translation>
    </message>
    <message>
        <source>Type an article&apos;s PLU and press Enter, or scan its barcode anywhere on this screen.</source>
        <translation>Tast varens PLU og trykk Enter, eller skann strekkoden hvor som helst på denne skjermen.</translation>
    </message>
    <message>
        <source>VAT included; per kilo for an article sold by weight.</source>
        <translation>Med mva.; per kilo for en vare som selges etter vekt.</translation>
    </message>
    <message>
        <source>a valid organisation number</source>
        <translation>et gyldig organisasjonsnummer</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ingen</translation>
    </message>
    <message>
        <source>on the receipt printer</source>
        <translation>på kvitteringsskriveren</translation>
    </message>
    <message>
        <source>tcp://HOST:PORT, usb://VID:PID or file:/dev/usb/lp0</source>
        <translation>tcp://VERT:PORT, usb://VID:PID eller file:/dev/usb/lp0</translation>
    </message>
    <message>
        <source>the address on receipts</source>
        <translation>adressen på kvitteringer</translation>
    </message>
    <message>
        <source>the receipt printer</source>
        <translation>kvitteringsskriveren</translation>
    </message>
    <message>
        <source>the shop&apos;s legal name</source>
        <translation>butikkens juridiske navn</translation>
    </message>
    <message>
        <source>{n} articles</source>
        <translation>{n} varer</translation>
    </message>
    <message>
        <source>Park sale</source>
        <translation>Parker salg</translation>
    </message>
    <message>
        <source>Puts this sale aside so the next shopper can pay; any register can take it up.</source>
        <translation>Legger dette salget til side så neste kunde kan betale; enhver kasse kan hente det.</translation>
    </message>
    <message>
        <source>Parked sales…</source>
        <translation>Parkerte salg …</translation>
    </message>
    <message>
        <source>Takes up a sale parked at this register or another.</source>
        <translation>Henter et salg som er parkert i denne eller en annen kasse.</translation>
    </message>
    <message>
        <source>Sale of {total} parked. Take it up under Parked sales.</source>
        <translation>Salg på {total} parkert. Hent det under Parkerte salg.</translation>
    </message>
    <message>
        <source>Finish or park this sale before taking up another.</source>
        <translation>Fullfør eller parker dette salget før du henter et annet.</translation>
    </message>
    <message>
        <source>No sale is parked.</source>
        <translation>Ingen salg er parkert.</translation>
    </message>
    <message>
        <source>Parked sale taken up.</source>
        <translation>Parkert salg hentet.</translation>
    </message>
    <message>
        <source>{time} at {register}: {total}, {lines} lines, by {who}</source>
        <translation>{time} i {register}: {total}, {lines} linjer, av {who}</translation>
    </message>
    <message>
        <source>Parked sales</source>
        <translation>Parkerte salg</translation>
    </message>
    <message>
        <source>Take up which sale?</source>
        <translation>Hvilket salg skal hentes?</translation>
    </message>
    <message>
        <source>Print journal</source>
        <translation>Skriv ut journal</translation>
    </message>
    <message>
        <source>Prints this register&apos;s electronic journal for these days; the print is journaled too.</source>
        <translation>Skriver ut denne kassens elektroniske journal for disse dagene; utskriften journalføres også.</translation>
    </message>
    <message>
        <source>The journal was not printed: {why}</source>
        <translation>Journalen ble ikke skrevet ut: {why}</translation>
    </message>
    <message>
        <source>Journal printed.</source>
        <translation>Journalen er skrevet ut.</translation>
    </message>
    <message>
        <source>From day</source>
        <translation>Fra dag</translation>
    </message>
    <message>
        <source>To day</source>
        <translation>Til dag</translation>
    </message>
    <message>
        <source>The first day of the SAF-T file or the journal print.</source>
        <translation>Første dag i SAF-T-filen eller journalutskriften.</translation>
    </message>
    <message>
        <source>The last day of the SAF-T file or the journal print.</source>
        <translation>Siste dag i SAF-T-filen eller journalutskriften.</translation>
    </message>
    <message>
        <source>Set quantity</source>
        <translation>Endre antall</translation>
    </message>
    <message>
        <source>Gives the chosen line the quantity above; a lower one is journaled.</source>
        <translation>Gir den valgte linjen antallet over; et lavere antall journalføres.</translation>
    </message>
    <message>
        <source>Discount: 10 % or 25,00</source>
        <translation>Rabatt: 10 % eller 25,00</translation>
    </message>
    <message>
        <source>A percentage (with %) or an amount in kroner.</source>
        <translation>En prosentsats (med %) eller et beløp i kroner.</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>Linjerabatt</translation>
    </message>
    <message>
        <source>Takes the discount off the chosen line.</source>
        <translation>Trekker rabatten fra den valgte linjen.</translation>
    </message>
    <message>
        <source>Sale discount</source>
        <translation>Rabatt på salget</translation>
    </message>
    <message>
        <source>Takes the discount off the whole sale, shared over its lines.</source>
        <translation>Trekker rabatten fra hele salget, fordelt på linjene.</translation>
    </message>
    <message>
        <source>Choose a line first.</source>
        <translation>Velg en linje først.</translation>
    </message>
    <message>
        <source>Write a discount as 10 % or as an amount, 25,00.</source>
        <translation>Skriv en rabatt som 10 % eller som et beløp, 25,00.</translation>
    </message>
    <message>
        <source>A discount above {limit} % needs a manager.</source>
        <translation>En rabatt over {limit} % må godkjennes av en leder.</translation>
    </message>
    <message>
        <source>Cashier discount limit</source>
        <translation>Kassererens rabattgrense</translation>
    </message>
    <message>
        <source>The largest discount a cashier gives alone; above it a manager's PIN is needed.</source>
        <translation>Den største rabatten en kasserer gir alene; over den trengs en leders PIN.</translation>
    </message>
    <message>
        <source>… and {count} more lines above</source>
        <translation>… og {count} linjer til over</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Rabatt</translation>
    </message>
    <message>
        <source>VAT {rate} % included</source>
        <translation>Herav MVA {rate} %</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Totalt</translation>
    </message>
    <message>
        <source>Your purchase</source>
        <translation>Ditt kjøp</translation>
    </message>
    <message>
        <source>The cashier is ringing up your items. Check them here.</source>
        <translation>Kassereren slår inn varene dine. Sjekk dem her.</translation>
    </message>
    <message>
        <source>VAT included</source>
        <translation>Herav MVA</translation>
    </message>
    <message>
        <source>Price check</source>
        <translation>Prissjekk</translation>
    </message>
    <message>
        <source>Shows the article's price without selling it (journaled as a price look-up).</source>
        <translation>Viser varens pris uten å selge den (journalføres som prisoppslag).</translation>
    </message>
    <message>
        <source>Type or scan the code to check first.</source>
        <translation>Skriv eller skann koden som skal sjekkes først.</translation>
    </message>
    <message>
        <source>{name}: {price} (VAT {rate} %)</source>
        <translation>{name}: {price} (MVA {rate} %)</translation>
    </message>
    <message>
        <source>There is not enough money in the account.</source>
        <translation>Det er ikke nok penger på kontoen.</translation>
    </message>
    <message>
        <source>The bank has blocked this account.</source>
        <translation>Banken har sperret denne kontoen.</translation>
    </message>
    <message>
        <source>The bank link is no longer valid; please visit the service desk.</source>
        <translation>Bankkoblingen gjelder ikke lenger; gå til kundeservice.</translation>
    </message>
    <message>
        <source>The amount is above the account's limit.</source>
        <translation>Beløpet er over kontoens grense.</translation>
    </message>
    <message>
        <source>The bank declined the payment. Please contact your bank.</source>
        <translation>Banken avviste betalingen. Kontakt banken din.</translation>
    </message>
    <message>
        <source>This FacePay pass could not be used.</source>
        <translation>Dette FacePay-passet kan ikke brukes.</translation>
    </message>
    <message>
        <source>Your FacePay enrolment needs renewing at the service desk. Please pay another way today.</source>
        <translation>FacePay-registreringen din må fornyes i kundeservice. Betal på en annen måte i dag.</translation>
    </message>
    <message>
        <source>No bank account is linked to this pass.</source>
        <translation>Ingen bankkonto er koblet til dette passet.</translation>
    </message>
    <message>
        <source>No FacePay customer has this phone number.</source>
        <translation>Ingen FacePay-kunde har dette telefonnummeret.</translation>
    </message>
    <message>
        <source>We could not see that a live person is in front of the camera.</source>
        <translation>Vi kunne ikke se at det står en levende person foran kameraet.</translation>
    </message>
    <message>
        <source>We could not see your face clearly enough. Face the light, come a little closer, and try again, or pay another way.</source>
        <translation>Vi så ikke ansiktet ditt tydelig nok. Snu deg mot lyset, kom litt nærmere og prøv igjen, eller betal på en annen måte.</translation>
    </message>
    <message>
        <source>That did not work. Try again, or pay another way.</source>
        <translation>Det gikk ikke. Prøv igjen, eller betal på en annen måte.</translation>
    </message>
    <message>
        <source>We did not see the movement we asked for in time. You can try once more with a different movement, or pay another way.</source>
        <translation>Vi så ikke bevegelsen vi ba om i tide. Du kan prøve én gang til med en annen bevegelse, eller betale på en annen måte.</translation>
    </message>
    <message>
        <source>Your face left the camera's view, or someone else came close. You can try once more, or pay another way.</source>
        <translation>Ansiktet ditt forsvant fra kameraet, eller noen andre kom nær. Du kan prøve én gang til, eller betale på en annen måte.</translation>
    </message>
    <message>
        <source>We asked for one more turn of the head and did not see it. You can try once more, or pay another way.</source>
        <translation>Vi ba om én vending til med hodet og så den ikke. Du kan prøve én gang til, eller betale på en annen måte.</translation>
    </message>
    <message>
        <source>The face check did not work this time. Please pay another way; staff can help.</source>
        <translation>Ansiktssjekken virket ikke denne gangen. Betal på en annen måte; betjeningen kan hjelpe.</translation>
    </message>
    <message>
        <source>We could not confirm that it is you. Please pay another way.</source>
        <translation>Vi kunne ikke bekrefte at det er deg. Betal på en annen måte.</translation>
    </message>
    <message>
        <source>The bank did not answer. You have not been charged twice; staff can check the payment.</source>
        <translation>Banken svarte ikke. Du blir ikke trukket to ganger; betjeningen kan sjekke betalingen.</translation>
    </message>
    <message>
        <source>The bank could not take the payment. You have not been charged.</source>
        <translation>Banken kunne ikke ta imot betalingen. Du er ikke belastet.</translation>
    </message>
    <message>
        <source>Face payment is paused on this kiosk for a few minutes. Please pay another way.</source>
        <translation>Ansiktsbetaling er stengt på denne kiosken i noen minutter. Betal på en annen måte.</translation>
    </message>
    <message>
        <source>After failed tries, face payment for this pass waits a few minutes. Please pay another way, or ask staff.</source>
        <translation>Etter mislykkede forsøk venter ansiktsbetaling for dette passet noen minutter. Betal på en annen måte, eller spør betjeningen.</translation>
    </message>
    <message>
        <source>This kiosk cannot issue receipts right now. Please pay at the register; staff can help.</source>
        <translation>Denne kiosken kan ikke skrive ut kvitteringer nå. Betal i kassen; betjeningen kan hjelpe.</translation>
    </message>
    <message>
        <source>The camera is not working. Please pay another way, or ask staff for help.</source>
        <translation>Kameraet virker ikke. Betal på en annen måte, eller be betjeningen om hjelp.</translation>
    </message>
    <message>
        <source>Face payment is paused for this pass after many failed tries. Please pay another way; the service desk can turn it back on.</source>
        <translation>Ansiktsbetaling er stengt for dette passet etter mange mislykkede forsøk. Betal på en annen måte; kundeservice kan slå det på igjen.</translation>
    </message>
    <message>
        <source>Welcome to FacePay. The cashier will send your total to this screen.</source>
        <translation>Velkommen til FacePay. Kassereren sender beløpet til denne skjermen.</translation>
    </message>
    <message>
        <source>Welcome to FacePay. Type the basket total on the number keys, then press Enter.</source>
        <translation>Velkommen til FacePay. Tast inn totalbeløpet med talltastene, og trykk Enter.</translation>
    </message>
    <message>
        <source>Amount due: {amount}.</source>
        <translation>Å betale: {amount}.</translation>
    </message>
    <message>
        <source>Hold your FacePay pass up to the camera, with the square code facing the screen. A sound tells you when it has been read.</source>
        <translation>Hold FacePay-passet opp mot kameraet, med den firkantede koden mot skjermen. En lyd forteller når det er lest.</translation>
    </message>
    <message>
        <source>Type your phone number on the number keys, then press Enter.</source>
        <translation>Tast inn telefonnummeret ditt med talltastene, og trykk Enter.</translation>
    </message>
    <message>
        <source>Face the screen. The kiosk will tell you what to do, and a sound confirms each step.</source>
        <translation>Se mot skjermen. Kiosken sier hva du skal gjøre, og en lyd bekrefter hvert steg.</translation>
    </message>
    <message>
        <source>Checking. Please wait.</source>
        <translation>Sjekker. Vent litt.</translation>
    </message>
    <message>
        <source>Payment approved. {amount} was charged to the account ending {account}. Thank you.</source>
        <translation>Betalingen er godkjent. {amount} er trukket fra kontoen som slutter på {account}. Takk!</translation>
    </message>
    <message>
        <source>Payment approved. {amount} was charged. Thank you.</source>
        <translation>Betalingen er godkjent. {amount} er trukket. Takk!</translation>
    </message>
    <message>
        <source>Payment declined.</source>
        <translation>Betalingen ble avvist.</translation>
    </message>
    <message>
        <source>Payment not completed.</source>
        <translation>Betalingen ble ikke fullført.</translation>
    </message>
    <message>
        <source>Face payment is paused.</source>
        <translation>Ansiktsbetaling er stengt.</translation>
    </message>
    <message>
        <source>Please pay another way: at the register, with a card or cash. You have not been charged.</source>
        <translation>Betal på en annen måte: i kassen, med kort eller kontanter. Du er ikke belastet.</translation>
    </message>
    <message>
        <source>Cancelled. You have not been charged.</source>
        <translation>Avbrutt. Du er ikke belastet.</translation>
    </message>
    <message>
        <source>Choices: {choices}. Arrow keys move, Enter chooses.</source>
        <translation>Valg: {choices}. Piltastene flytter, Enter velger.</translation>
    </message>
    <message>
        <source>Press Enter for: {choice}.</source>
        <translation>Trykk Enter for: {choice}.</translation>
    </message>
    <message>
        <source> or </source>
        <translation> eller </translation>
    </message>
    <message>
        <source>{name}. {description}</source>
        <translation>{name}. {description}</translation>
    </message>
    <message>
        <source>Speech is on. Arrow keys move between choices, Enter chooses, Escape cancels. Slash repeats, plus changes the volume, minus calls staff, and star turns speech off.</source>
        <translation>Tale er på. Piltastene flytter mellom valgene, Enter velger, Escape avbryter. Skråstrek gjentar, pluss endrer lydstyrken, minus tilkaller betjeningen, og stjerne slår av talen.</translation>
    </message>
    <message>
        <source>Volume {level} of {levels}.</source>
        <translation>Lydstyrke {level} av {levels}.</translation>
    </message>
    <message>
        <source>Time is nearly up. Press Enter for more time.</source>
        <translation>Tiden er snart ute. Trykk Enter for mer tid.</translation>
    </message>
    <message>
        <source>You have more time.</source>
        <translation>Du har fått mer tid.</translation>
    </message>
    <message>
        <source>Let us try another way to check that you are here.</source>
        <translation>Vi prøver en annen måte å sjekke at du er her.</translation>
    </message>
    <message>
        <source>One more movement, please, so that we are sure it is you.</source>
        <translation>Én bevegelse til, så vi er sikre på at det er deg.</translation>
    </message>
    <message>
        <source>Only one person in front of the camera, please</source>
        <translation>Bare én person foran kameraet, takk</translation>
    </message>
    <message>
        <source>Too far away: come closer</source>
        <translation>For langt unna: kom nærmere</translation>
    </message>
    <message>
        <source>Hold still</source>
        <translation>Hold deg i ro</translation>
    </message>
    <message>
        <source>More light, please: face the light</source>
        <translation>For mørkt: snu deg mot lyset</translation>
    </message>
    <message>
        <source>Too bright: step out of the glare</source>
        <translation>For lyst: gå ut av gjenskinnet</translation>
    </message>
    <message>
        <source>Look straight at the camera</source>
        <translation>Se rett mot kameraet</translation>
    </message>
    <message>
        <source>Hold your head straight</source>
        <translation>Hold hodet rett</translation>
    </message>
    <message>
        <source>Move to the middle of the picture</source>
        <translation>Flytt deg til midten av bildet</translation>
    </message>
    <message>
        <source>Keep your eyes open</source>
        <translation>Hold øynene åpne</translation>
    </message>
    <message>
        <source>You are low in the picture: tilt the screen down towards you</source>
        <translation>Du er langt nede i bildet: vipp skjermen ned mot deg</translation>
    </message>
    <message>
        <source>Look straight at the camera again</source>
        <translation>Se rett mot kameraet igjen</translation>
    </message>
    <message>
        <source>Blink</source>
        <translation>Blunk</translation>
    </message>
    <message>
        <source>Turn your head slowly to your left</source>
        <translation>Snu hodet sakte mot venstre</translation>
    </message>
    <message>
        <source>Turn your head slowly to your right</source>
        <translation>Snu hodet sakte mot høyre</translation>
    </message>
    <message>
        <source>One more step: look straight at the camera</source>
        <translation>Ett steg til: se rett mot kameraet</translation>
    </message>
    <message>
        <source>Keep looking at the screen</source>
        <translation>Fortsett å se på skjermen</translation>
    </message>
    <message>
        <source>FacePay receipt</source>
        <translation>FacePay-kvittering</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Betalt</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>{kind} report {day}</source>
        <translation>{kind}-rapport {day}</translation>
    </message>
    <message>
        <source>Face payments</source>
        <translation>Ansiktsbetaling</translation>
    </message>
    <message>
        <source>Card (own terminal)</source>
        <translation>Kort (egen terminal)</translation>
    </message>
    <message>
        <source>{label}: {count} paid {paid}, refunded {refunded}, net {net}</source>
        <translation>{label}: {count} betalt {paid}, refundert {refunded}, netto {net}</translation>
    </message>
    <message>
        <source>Net takings: {net}</source>
        <translation>Netto omsetning: {net}</translation>
    </message>
    <message>
        <source>Voided {voided}, declined {declined}, not completed {not_completed}</source>
        <translation>Annullert {voided}, avvist {declined}, ikke fullført {not_completed}</translation>
    </message>
    <message>
        <source>Shift opened {opened}: still open</source>
        <translation>Skift åpnet {opened}: fortsatt åpent</translation>
    </message>
    <message>
        <source>Shift {opened}-{closed}: float {float}, expected {expected}, counted {counted}, variance {variance}</source>
        <translation>Skift {opened}-{closed}: veksel {float}, forventet {expected}, talt {counted}, differanse {variance}</translation>
    </message>
    <message>
        <source>Audit chain head: {head}</source>
        <translation>Revisjonskjedens hode: {head}</translation>
    </message>
    <message>
        <source>Audit anchor: {anchor}</source>
        <translation>Revisjonsanker: {anchor}</translation>
    </message>
    <message>
        <source>none (no key file on this machine)</source>
        <translation>ingen (ingen nøkkelfil på denne maskinen)</translation>
    </message>
    <message>
        <source>Show this pass to the kiosk camera to pay with your face.</source>
        <translation>Vis passet til kamera på kiosken for å betale med ansiktet.</translation>
    </message>
    <message>
        <source>Keep it private: it is the key to your face template.</source>
        <translation>Hold det for deg selv: det er nøkkelen til ansiktsmalen din.</translation>
    </message>
    <message>
        <source>APPROVED</source>
        <translation>GODKJENT</translation>
    </message>
    <message>
        <source>DECLINED</source>
        <translation>AVSLÅTT</translation>
    </message>
    <message>
        <source>ERROR</source>
        <translation>FEIL</translation>
    </message>
    <message>
        <source>LOCKED</source>
        <translation>STENGT</translation>
    </message>
    <message>
        <source>ANOTHER_WAY</source>
        <translation>ANNEN BETALING</translation>
    </message>
    <message>
        <source>CANCELLED</source>
        <translation>AVBRUTT</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>årsak</translation>
    </message>
    <message>
        <source>timed out waiting for</source>
        <translation>ventet for lenge på</translation>
    </message>
    <message>
        <source>turned the wrong way for</source>
        <translation>snudde feil vei for</translation>
    </message>
    <message>
        <source>the challenge was not finished</source>
        <translation>utfordringen ble ikke fullført</translation>
    </message>
    <message>
        <source>the camera sees a photo or a screen, not a face</source>
        <translation>kameraet ser et bilde eller en skjerm, ikke et ansikt</translation>
    </message>
    <message>
        <source>the face turned like a flat picture</source>
        <translation>ansiktet snudde seg som et flatt bilde</translation>
    </message>
    <message>
        <source>the face left the camera's view</source>
        <translation>ansiktet forsvant ut av bildet</translation>
    </message>
    <message>
        <source>a different face appeared</source>
        <translation>et annet ansikt dukket opp</translation>
    </message>
    <message>
        <source>someone else came close to the camera</source>
        <translation>noen andre kom nær kameraet</translation>
    </message>
    <message>
        <source>not enough clear frames of the face</source>
        <translation>for få klare bilder av ansiktet</translation>
    </message>
    <message>
        <source>no challenge was answered</source>
        <translation>ingen utfordring ble besvart</translation>
    </message>
    <message>
        <source>the face that was verified is not the face that answered the challenge</source>
        <translation>ansiktet som ble kontrollert, er ikke ansiktet som svarte på utfordringen</translation>
    </message>
    <message>
        <source>the face does not match the pass</source>
        <translation>ansiktet stemmer ikke med passet</translation>
    </message>
    <message>
        <source>no frame good enough to verify</source>
        <translation>ingen bilder gode nok til å kontrollere ansiktet</translation>
    </message>
    <message>
        <source>the camera gave no picture</source>
        <translation>kameraet ga ikke noe bilde</translation>
    </message>
    <message>
        <location filename="../../pos_app/vision/camera.py" line="51"/>
        <source>cannot open the camera</source>
        <translation>kan ikke åpne kameraet</translation>
    </message>
</context>
</TS>
