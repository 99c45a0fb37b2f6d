"""A small graph in the shape of ontology/GRAPH-SHAPE.md, shared by the query and server tests (helper module)."""

BASE = "https://w3id.org/kamergraaf"

TRIG = """
@prefix kg:   <https://w3id.org/kamergraaf/def#> .
@prefix eli:  <http://data.europa.eu/eli/ontology#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix k:    <https://w3id.org/kamergraaf/id/kamerstuk/> .
@prefix d:    <https://w3id.org/kamergraaf/id/dossier/> .
@prefix p:    <https://w3id.org/kamergraaf/id/persoon/> .
@prefix post: <https://w3id.org/kamergraaf/id/post/> .
@prefix o:    <https://w3id.org/kamergraaf/id/organisatie/> .
@prefix s:    <https://w3id.org/kamergraaf/id/ondertekening/> .
@prefix g:    <https://w3id.org/kamergraaf/graph/> .

g:kst-19637-2699 {
  k:kst-19637-2699 a eli:Work, kg:Kamerstuk ;
    dct:identifier "kst-19637-2699" ; kg:documentType "brief" ; kg:ondernummer "2699" ;
    eli:date_document "2021-02-15"^^xsd:date ; kg:vergaderjaar "2020-2021" ;
    dct:title "Brief van de Minister van Buitenlandse Zaken <over> \\"terugkeer\\"" ;
    eli:is_part_of d:19637, d:30573 ;
    eli:cites k:kst-22112-2955, k:kst-19637-2375, <https://w3id.org/kamergraaf/id/document/advies-nr-117> ;
    kg:sender post:minister-van-buitenlandse-zaken ; kg:signedBy p:sa-blok ;
    kg:onBehalfOf post:staatssecretaris-van-justitie-en-veiligheid ;
    kg:mentions o:aiv ;
    kg:signing s:kst-19637-2699\\/1 ;
    schema:url <https://zoek.officielebekendmakingen.nl/kst-19637-2699.html> .
  s:kst-19637-2699\\/1 a kg:Ondertekening ; kg:signedDocument k:kst-19637-2699 ; kg:signer p:sa-blok ;
    kg:capacity post:minister-van-buitenlandse-zaken ;
    kg:onBehalfOf post:staatssecretaris-van-justitie-en-veiligheid ;
    prov:atTime "2021-02-15"^^xsd:date ; kg:signerName "S.A. Blok" ; kg:resolutionStatus "resolved" .
  d:19637 a kg:Dossier ; dct:identifier "19637" ; dct:title "Vreemdelingenbeleid" .
  d:30573 a kg:Dossier ; dct:identifier "30573" ; dct:title "Migratiebeleid" .
  k:kst-22112-2955 a eli:Work, kg:Kamerstuk ; dct:identifier "kst-22112-2955" ; kg:ondernummer "2955" ;
    eli:is_part_of d:22112 .
  d:22112 a kg:Dossier ; dct:identifier "22112" .
  k:kst-19637-2375 a eli:Work, kg:Kamerstuk ; dct:identifier "kst-19637-2375" ; kg:ondernummer "2375" ;
    eli:is_part_of d:19637 .
  <https://w3id.org/kamergraaf/id/document/advies-nr-117> a eli:Work, kg:OtherDocument ;
    rdfs:label "advies nr. 117" .
}

g:kst-19637-2700 {
  k:kst-19637-2700 a eli:Work, kg:Kamerstuk ;
    dct:identifier "kst-19637-2700" ; kg:documentType "brief" ; kg:ondernummer "2700" ;
    eli:date_document "2021-06-01"^^xsd:date ;
    dct:title "Brief van de Staatssecretaris van Justitie en Veiligheid" ;
    eli:is_part_of d:19637 ;
    eli:cites k:kst-22112-2955, k:kst-19637-2699 ;
    kg:sender post:staatssecretaris-van-justitie-en-veiligheid ; kg:signedBy p:a-broekers-knol ;
    kg:signing s:kst-19637-2700\\/1 .
  s:kst-19637-2700\\/1 a kg:Ondertekening ; kg:signedDocument k:kst-19637-2700 ; kg:signer p:a-broekers-knol ;
    kg:capacity post:staatssecretaris-van-justitie-en-veiligheid ;
    prov:atTime "2021-06-01"^^xsd:date ; kg:signerName "A. Broekers-Knol" ; kg:resolutionStatus "resolved" .
  d:19637 a kg:Dossier ; dct:identifier "19637" .
  k:kst-22112-2955 a eli:Work, kg:Kamerstuk ; dct:identifier "kst-22112-2955" ; eli:is_part_of d:22112 .
  d:22112 a kg:Dossier ; dct:identifier "22112" .
}

g:kst-30573-190 {
  k:kst-30573-190 a eli:Work, kg:Kamerstuk ;
    dct:identifier "kst-30573-190" ; kg:documentType "motie" ; kg:ondernummer "190" ;
    eli:date_document "2022-03-10"^^xsd:date ;
    dct:title "Motie van de leden Jansen en Pietersen" ;
    eli:is_part_of d:30573 ;
    eli:cites k:kst-22112-2955, k:kst-19637-2375 ;
    kg:sender post:lid-tweede-kamer ;
    kg:signedBy p:kst-30573-190\\/jansen, p:kst-30573-190\\/pietersen ;
    kg:signing s:kst-30573-190\\/1, s:kst-30573-190\\/2 .
  s:kst-30573-190\\/1 a kg:Ondertekening ; kg:signedDocument k:kst-30573-190 ; kg:signer p:kst-30573-190\\/jansen ;
    kg:capacity post:lid-tweede-kamer ; prov:atTime "2022-03-10"^^xsd:date ; kg:signerName "Jansen" ;
    kg:resolutionStatus "resolved" .
  s:kst-30573-190\\/2 a kg:Ondertekening ; kg:signedDocument k:kst-30573-190 ;
    kg:signer p:kst-30573-190\\/pietersen ;
    kg:capacity post:lid-tweede-kamer ; prov:atTime "2022-03-10"^^xsd:date ; kg:signerName "Pietersen" ;
    kg:resolutionStatus "resolved" .
  p:kst-30573-190\\/jansen a foaf:Person ; foaf:name "Jansen" .
  p:kst-30573-190\\/pietersen a foaf:Person ; foaf:name "Pietersen" .
  post:lid-tweede-kamer a org:Post ; skos:prefLabel "lid Tweede Kamer"@nl ; org:postIn o:tweede-kamer .
  d:30573 a kg:Dossier ; dct:identifier "30573" .
  k:kst-22112-2955 a eli:Work, kg:Kamerstuk ; dct:identifier "kst-22112-2955" ; eli:is_part_of d:22112 .
  k:kst-19637-2375 a eli:Work, kg:Kamerstuk ; dct:identifier "kst-19637-2375" ; eli:is_part_of d:19637 .
  d:22112 a kg:Dossier ; dct:identifier "22112" .
  d:19637 a kg:Dossier ; dct:identifier "19637" .
}

g:register {
  p:sa-blok a foaf:Person ; foaf:name "S.A. Blok" ; kg:initials "S.A." ; foaf:familyName "Blok" ;
    foaf:givenName "Stef" ; kg:party "VVD" .
  p:a-broekers-knol a foaf:Person ; foaf:name "A. Broekers-Knol" ; kg:initials "A." ;
    foaf:familyName "Broekers-Knol" ; kg:party "VVD" .
  post:minister-van-buitenlandse-zaken a org:Post ; skos:prefLabel "Minister van Buitenlandse Zaken"@nl ;
    org:postIn o:ministerie-van-buitenlandse-zaken .
  post:staatssecretaris-van-justitie-en-veiligheid a org:Post ;
    skos:prefLabel "Staatssecretaris van Justitie en Veiligheid"@nl ;
    org:postIn o:ministerie-van-justitie-en-veiligheid .
  <https://w3id.org/kamergraaf/id/lidmaatschap/sa-blok/minister-van-buitenlandse-zaken/2018-03-07> a org:Membership ;
    org:member p:sa-blok ; kg:post post:minister-van-buitenlandse-zaken ;
    org:organization o:ministerie-van-buitenlandse-zaken ;
    kg:startDate "2018-03-07"^^xsd:date ; kg:endDate "2022-01-10"^^xsd:date ; kg:cabinet "Rutte III" .
  <https://w3id.org/kamergraaf/id/lidmaatschap/a-broekers-knol/staatssecretaris-van-justitie-en-veiligheid/2020-01-01>
    a org:Membership ;
    org:member p:a-broekers-knol ; kg:post post:staatssecretaris-van-justitie-en-veiligheid ;
    org:organization o:ministerie-van-justitie-en-veiligheid ;
    kg:startDate "2020-01-01"^^xsd:date ; kg:endDate "2022-01-10"^^xsd:date ; kg:cabinet "Rutte III" .
}

g:gazetteer {
  o:aiv a org:Organization ; skos:prefLabel "Adviesraad Internationale Vraagstukken"@nl ; skos:altLabel "AIV" .
  o:ministerie-van-buitenlandse-zaken a org:Organization ; skos:prefLabel "Ministerie van Buitenlandse Zaken"@nl .
  o:ministerie-van-justitie-en-veiligheid a org:Organization ;
    skos:prefLabel "Ministerie van Justitie en Veiligheid"@nl .
  o:tweede-kamer a org:Organization ; skos:prefLabel "Tweede Kamer der Staten-Generaal"@nl .
}
"""


def write_graph(directory) -> str:
    """Write the test graph as a TriG file in ``directory``; return its path."""
    path = directory / "graph.trig"
    path.write_text(TRIG, encoding="utf-8")
    return str(path)
