"""Closed vocabularies of the dataset.

Every coded column (event kinds, sides, roles, date precision, topics, ...) takes its values
from one of the enumerations below. Each member carries an English definition, which the
descriptor generator copies into the Table Schema (`categories` with labels, mirrored as
`constraints.enum` because frictionless 5 does not enforce `categories`) and into
`docs/data-dictionary.md`. Adding a member is a minor release; renaming or removing one is a
major release (see `docs/curation.md`).

This module is stdlib-only so that it can be imported anywhere cheaply.
"""

from __future__ import annotations

from enum import StrEnum


class Vocabulary(StrEnum):
    """A closed vocabulary whose members carry a definition.

    Members are declared as ``NAME = "value", "definition"``.
    """

    definition: str

    def __new__(cls, value: str, definition: str = "") -> Vocabulary:  # noqa: D102
        member = str.__new__(cls, value)
        member._value_ = value
        member.definition = definition
        return member


class EventKind(Vocabulary):
    """What kind of engagement an event is."""

    VISIT = "visit", "A delegation's trip to another country (the container of its sessions)."
    RECEPTION = "reception", "A host receives a visiting delegation or dignitary (Vietnamese: tiếp)."
    TALKS = "talks", "Formal talks between counterparts (Vietnamese: hội đàm)."
    WORKING_SESSION = "working_session", "A working session between two parties (Vietnamese: buổi làm việc)."
    MEETING = "meeting", "A meeting or exchange not described as talks or a working session (gặp, gặp gỡ)."
    SIGNING = "signing", "The signing of an agreement, memorandum or other instrument."
    CALL = "call", "A telephone or video call."
    MULTILATERAL_MEETING = "multilateral_meeting", "A meeting of more than two states or of an international body."
    FORUM = "forum", "A forum, conference, seminar or workshop (diễn đàn, hội thảo)."
    SITE_VISIT = "site_visit", "A visit to an institution, company or facility (thăm, tham quan)."
    COMMEMORATIVE_ACTIVITY = "commemorative_activity", "A commemorative act such as laying flowers at a monument."
    COMMUNITY_MEETING = "community_meeting", "A meeting with the Vietnamese community, students or businesses abroad."


class Direction(Vocabulary):
    """Where an event took place relative to Viet Nam."""

    INBOUND = "inbound", "In Viet Nam, with foreign visitors."
    OUTBOUND = "outbound", "Abroad, in the partner's country, with a Vietnamese delegation."
    REMOTE = "remote", "By telephone or video; nobody travelled."
    THIRD_COUNTRY = "third_country", "In a country that is neither Viet Nam nor the partner."
    UNKNOWN = "unknown", "The source does not say where the event took place."


class Basis(Vocabulary):
    """How a date or place value was obtained."""

    STATED = "stated", "The source states the value for this event."
    INFERRED_FROM_DATELINE = (
        "inferred_from_dateline",
        "Completed from the article's own dateline (e.g. the year of 'Ngày 17/5'); the note says how.",
    )
    INFERRED_FROM_CONTEXT = (
        "inferred_from_context",
        "Derived from other statements in the same source (e.g. 'the same day'); the note says how.",
    )
    INFERRED_FROM_METADATA = (
        "inferred_from_metadata",
        "Taken from the page's metadata or address (e.g. the year in its URL or publication date); the note says how.",
    )
    EXTERNAL = (
        "external",
        "Outside knowledge (a tenure, an event series' dates, an official name): kept apart, with an "
        "outside_knowledge row giving confidence, reasoning and references.",
    )
    NOT_STATED = "not_stated", "The source does not give the value; the value columns are empty."


class ReportedAs(Vocabulary):
    """What the source reports about an event: that it happened, or only mentions it."""

    OCCURRED = "occurred", "The source reports the event happening (an engagement, when not a session of another)."
    REFERENCED = "referenced", "A past engagement mentioned in passing (e.g. a visit the year before)."
    CONTEXT = "context", "The enclosing visit of someone else (e.g. a Prime Minister's official visit)."
    PLANNED = "planned", "A future engagement the source announces or plans."


class PartnerRole(Vocabulary):
    """How a foreign state or body takes part in an event."""

    COUNTERPART = "counterpart", "The foreign counterpart of a bilateral engagement (a state, body or company)."
    CONVENER = "convener", "The international body that convenes a multilateral meeting (it is the partner counted)."
    MEMBER = "member", "A member state of a multilateral meeting that the source names (not counted as a partner)."


class SourceKind(Vocabulary):
    """Whether a source's text ships with the package."""

    SHIPPED = "shipped", "The article's text is in seeds/; every quote is verified at its offsets."
    CITED = (
        "cited",
        "A public page cited by URL and not shipped; its evidence is a locator, a paraphrase and short terms.",
    )


class PublisherKind(Vocabulary):
    """Who publishes a cited page."""

    MINISTRY_PORTAL = "ministry_portal", "The ministry's own portal or magazine."
    NATIONAL_NEWS_AGENCY = "national_news_agency", "A national news agency (VNA and its sites, VOV) or its relay."
    NATIONAL_MEDIA = "national_media", "Another Vietnamese newspaper, broadcaster or portal."
    FOREIGN_GOVERNMENT = "foreign_government", "A foreign government's own site."
    FOREIGN_MEDIA = "foreign_media", "A foreign newspaper, broadcaster or portal."
    INTERNATIONAL_ORGANIZATION = "international_organization", "An international body's own site."
    COMPANY = "company", "A company's own site."
    MIRROR = "mirror", "A copy or machine translation of another outlet's article (republishes names it)."
    OTHER = "other", "Another kind of publisher."


class EvidenceKind(Vocabulary):
    """How a piece of evidence supports a fact."""

    QUOTE = "quote", "A verbatim quote from a shipped source, located by offsets."
    CITED = (
        "cited",
        "A cited page: a locator, the curator's English paraphrase and at most 100 characters of verbatim terms.",
    )


class Confidence(Vocabulary):
    """How sure the curators are of outside knowledge."""

    HIGH = "high", "Established fact with a reliable reference (an official list, a tenure on record)."
    MEDIUM = "medium", "Well supported but not beyond doubt (one reference, or an inference from a series)."
    LOW = "low", "Plausible; a researcher may well exclude it."


class ReviewState(Vocabulary):
    """Where a source's curation stands."""

    DRAFTED = "drafted", "Drafted by `ict-coop curate new`; nothing confirmed yet."
    CURATED = "curated", "Every record written and checked by its curator."
    REVIEWED = "reviewed", "Checked against the source by a reviewer who is not the curator."


class CommitmentStatus(Vocabulary):
    """How firm a commitment is, as the text words it."""

    UNDERTAKING = "undertaking", "Agreed or undertaken (nhất trí, cam kết, sẽ): the makers will do it."
    OFFER = "offer", "Readiness or an offer (sẵn sàng): the makers are willing."
    PROPOSAL = "proposal", "A proposal or request (đề nghị, đề xuất) by the makers; not yet accepted."
    WISH = "wish", "A wish or hope (mong muốn): no undertaking."


class DatePrecision(Vocabulary):
    """How precisely a date is known."""

    DAY = "day", "A single day with its year."
    MONTH = "month", "A month with its year (day not stated)."
    YEAR = "year", "A year only."
    RANGE = "range", "A span of days, or one day within a span, with its year."
    DAY_UNKNOWN_YEAR = "day_unknown_year", "A day and month whose year the source does not give."
    RANGE_UNKNOWN_YEAR = (
        "range_unknown_year",
        "A span of days (or a day within it) whose year the source does not give.",
    )
    UNKNOWN = "unknown", "The source gives no date for this record."


class DateQualifier(Vocabulary):
    """How certain a date is (EDTF qualifiers)."""

    EXACT = "exact", "As stated or derived without doubt."
    APPROXIMATE = "approximate", "Approximately (EDTF '~'), e.g. 'around'."
    UNCERTAIN = "uncertain", "Possibly (EDTF '?'): an inference that could be wrong, or a day within a known span."
    UNDATED = "undated", "No date is recorded (date_edtf empty); any bounds come from the record's sessions."


class Side(Vocabulary):
    """Which side of an engagement a participant was on."""

    VIET_NAM = "viet_nam", "The Vietnamese side."
    PARTNER = "partner", "The foreign counterpart."
    THIRD_PARTY = "third_party", "Neither: a third state, an international body or a mediator."


class Role(Vocabulary):
    """What part a participant played in an event."""

    LEAD = "lead", "Head of their side's delegation, or the principal on their side."
    HOST = "host", "Presided over or hosted the event (chủ trì, tiếp)."
    MEMBER = "member", "A member of a delegation led by someone else."
    ATTENDEE = "attendee", "Present (tham dự) without being a member of either delegation."
    CO_ORGANIZER = "co_organizer", "Organised the event together with others (đồng tổ chức)."
    SUPPORTER = "supporter", "Supported or sponsored the event without organising it."


class OrganizationKind(Vocabulary):
    """What kind of body an organisation is."""

    MINISTRY = "ministry", "A government ministry."
    GOVERNMENT = "government", "A national government as a whole."
    GOVERNMENT_AGENCY = "government_agency", "A government agency or authority that is not a ministry."
    GOVERNMENT_DEPARTMENT = "government_department", "A department, directorate or unit of a ministry."
    INTERGOVERNMENTAL_ORGANIZATION = (
        "intergovernmental_organization",
        "An international body of states (ITU, ASEAN, UPU).",
    )
    STATE_OWNED_ENTERPRISE = "state_owned_enterprise", "A company owned by the state."
    INTERNET_NONPROFIT = "internet_nonprofit", "A non-profit internet body (registries, ICANN, APNIC)."
    POLITICAL_PARTY = "political_party", "A political party."
    PARTY_BODY = "party_body", "A body of a political party (commission, department)."
    CITY_GOVERNMENT = "city_government", "A city or provincial government and its departments."
    EMBASSY = "embassy", "An embassy or other diplomatic mission."
    COMPANY = "company", "A company or business group, state-owned or private."
    BROADCASTER = "broadcaster", "A radio or television broadcaster."
    UNIVERSITY = "university", "A university, academy or research institute."
    BUSINESS_ASSOCIATION = "business_association", "A chamber of commerce or industry association."
    CIVIL_SOCIETY = "civil_society", "A friendship, solidarity or other non-governmental organisation."
    JOINT_BODY = "joint_body", "A body set up jointly by two or more states (joint working group, committee)."
    COMMUNITY_GROUP = "community_group", "A group of people named collectively (students, businesses abroad)."


class AgreementKind(Vocabulary):
    """What kind of instrument an agreement is."""

    MOU = "mou", "Memorandum of understanding (Bản ghi nhớ)."
    AGREEMENT = "agreement", "An agreement or treaty (Hiệp định, Thỏa thuận)."
    JOINT_STATEMENT = "joint_statement", "A joint statement or declaration."
    PLAN_OF_ACTION = "plan_of_action", "A plan or programme of cooperation."
    LETTER_OF_INTENT = "letter_of_intent", "A letter of intent (LoI)."
    OTHER = "other", "Another kind of instrument; the title says which."


class AgreementStatus(Vocabulary):
    """The state of an agreement as of the sources that mention it."""

    SIGNED = "signed", "Signed at an event the dataset records (signed_at_event_id) or on a date the source gives."
    SIGNED_EARLIER = "signed_earlier", "Signed before the engagement reported and only referred to there."
    ADOPTED = "adopted", "Adopted by a multilateral meeting (a declaration, plan or statement that nobody signs)."
    PLANNED = "planned", "To be signed, or under negotiation, as of the sources."
    IN_FORCE = "in_force", "The source says it is in force or being implemented."
    EXPIRED = "expired", "The source says it has expired or ended."
    UNKNOWN = "unknown", "The source mentions it without saying whether it was signed."


class CommitmentKind(Vocabulary):
    """What a commitment undertakes."""

    COOPERATE = "cooperate", "Agree to cooperate, or to expand or step up cooperation, in a field."
    SHARE_EXPERIENCE = "share_experience", "Share experience, information or initiatives."
    PROVIDE_SUPPORT = "provide_support", "Support or assist the other side (training, advice, projects)."
    FACILITATE_BUSINESS = (
        "facilitate_business",
        "Create favourable conditions for the other side's businesses or investors.",
    )
    ORGANISE_ACTIVITIES = "organise_activities", "Organise specific joint activities, programmes or events."


class CameoCode(Vocabulary):
    """CAMEO event codes used here, as strings (leading zeros matter).

    An event's code is coded with the Vietnamese side as the source actor: 042 when the
    Vietnamese side visits, 043 when it hosts.
    """

    EXPRESS_INTENT_TO_COOPERATE = "030", "Express intent to cooperate."
    EXPRESS_INTENT_TO_MEET = "036", "Express intent to meet or negotiate."
    CONSULT = "040", "Consult, not otherwise specified."
    DISCUSS_BY_TELEPHONE = "041", "Discuss by telephone."
    MAKE_A_VISIT = "042", "Make a visit."
    HOST_A_VISIT = "043", "Host a visit."
    MEET_AT_THIRD_LOCATION = "044", "Meet at a 'third' location."
    ENGAGE_IN_NEGOTIATION = "046", "Engage in negotiation (holding talks)."
    SIGN_FORMAL_AGREEMENT = "057", "Sign formal agreement."


class PloverEventType(Vocabulary):
    """PLOVER event types (the sixteen of the PLOVER ontology)."""

    AGREE = "AGREE", "Agree to, or express intent to, a future action."
    CONSULT = "CONSULT", "Meet, visit, talk or hold a call."
    SUPPORT = "SUPPORT", "Endorse, or sign a formal agreement."
    CONCEDE = "CONCEDE", "Make a concession."
    COOPERATE = "COOPERATE", "Cooperate materially (joint projects, information sharing)."
    AID = "AID", "Provide aid."
    RETREAT = "RETREAT", "Withdraw or retreat."
    REQUEST = "REQUEST", "Make a request or appeal."
    ACCUSE = "ACCUSE", "Accuse or criticise."
    REJECT = "REJECT", "Reject a proposal or request."
    THREATEN = "THREATEN", "Threaten."
    PROTEST = "PROTEST", "Protest."
    SANCTION = "SANCTION", "Impose sanctions or reduce relations."
    MOBILIZE = "MOBILIZE", "Mobilise forces."
    COERCE = "COERCE", "Coerce."
    ASSAULT = "ASSAULT", "Use force."


class PloverMode(Vocabulary):
    """PLOVER modes of the CONSULT event type."""

    VISIT = "visit", "One side travels to the other."
    THIRD_PARTY = "third-party", "The sides meet at a third location."
    MULTILATERAL = "multilateral", "A meeting of several parties."
    PHONE = "phone", "A telephone or video call."


class PloverContext(Vocabulary):
    """PLOVER contexts used in this dataset (a subset of the PLOVER list)."""

    DIPLOMATIC = "diplomatic", "Relations between states or parties."
    ECONOMIC = "economic", "Trade, investment and business."
    TECHNOLOGY = "technology", "Information and communication technology, telecommunications, media."
    CYBER = "cyber", "Information security and cyberspace."
    POLITICAL = "political", "Party-to-party and domestic political relations."


class Topic(StrEnum):
    """ICT cooperation topics; `TOPIC_LABELS` gives their labels and definitions."""

    DIGITAL_TRANSFORMATION = "digital_transformation"
    DIGITAL_ECONOMY = "digital_economy"
    DIGITAL_INFRASTRUCTURE = "digital_infrastructure"
    TELECOMMUNICATIONS = "telecommunications"
    POSTAL_SERVICES = "postal_services"
    BROADCASTING = "broadcasting"
    PRESS_AND_PUBLISHING = "press_and_publishing"
    INFORMATION_SECURITY = "information_security"
    SMART_CITIES = "smart_cities"
    E_GOVERNMENT = "e_government"
    DIGITAL_SKILLS = "digital_skills"
    ICT_INDUSTRY = "ict_industry"
    INNOVATION_AND_STARTUPS = "innovation_and_startups"
    RADIO_SPECTRUM = "radio_spectrum"
    INVESTMENT_AND_TRADE = "investment_and_trade"
    RESEARCH_AND_EDUCATION = "research_and_education"
    POLICY_AND_REGULATION = "policy_and_regulation"


#: Topic labels (Vietnamese as the ministry's own news writes them, English) and definitions.
TOPIC_LABELS: dict[Topic, tuple[str, str, str]] = {
    Topic.DIGITAL_TRANSFORMATION: (
        "Chuyển đổi số",
        "Digital transformation",
        "National, local or sectoral digital transformation programmes and experience.",
    ),
    Topic.DIGITAL_ECONOMY: (
        "Kinh tế số, xã hội số",
        "Digital economy and society",
        "Growth of the digital economy and digital society.",
    ),
    Topic.DIGITAL_INFRASTRUCTURE: (
        "Hạ tầng số",
        "Digital infrastructure",
        "Networks, data centres, cloud and digital platforms as infrastructure.",
    ),
    Topic.TELECOMMUNICATIONS: (
        "Viễn thông",
        "Telecommunications",
        "Telecommunications networks, operators and services, including universal service.",
    ),
    Topic.POSTAL_SERVICES: ("Bưu chính", "Postal services", "Postal operators, markets and services."),
    Topic.BROADCASTING: (
        "Phát thanh, truyền hình",
        "Broadcasting",
        "Radio and television broadcasters, channels and content exchange.",
    ),
    Topic.PRESS_AND_PUBLISHING: ("Báo chí, xuất bản", "Press and publishing", "News media and publishing."),
    Topic.INFORMATION_SECURITY: (
        "An toàn thông tin",
        "Information security",
        "Information and network security, cybersecurity.",
    ),
    Topic.SMART_CITIES: ("Đô thị thông minh", "Smart cities", "Smart city plans, standards, indicators and pilots."),
    Topic.E_GOVERNMENT: (
        "Chính phủ điện tử, chính phủ số",
        "E-government",
        "Electronic and digital government, online public services.",
    ),
    Topic.DIGITAL_SKILLS: (
        "Phát triển nguồn nhân lực số",
        "Digital skills and human resources",
        "Training, digital skills, digital literacy and human-resource development.",
    ),
    Topic.ICT_INDUSTRY: (
        "Công nghiệp ICT",
        "ICT industry",
        "The ICT and digital-technology industry and its businesses.",
    ),
    Topic.INNOVATION_AND_STARTUPS: (
        "Đổi mới sáng tạo, khởi nghiệp",
        "Innovation and start-ups",
        "Digital innovation and start-ups.",
    ),
    Topic.RADIO_SPECTRUM: ("Tần số vô tuyến điện", "Radio spectrum", "Radio-frequency spectrum management."),
    Topic.INVESTMENT_AND_TRADE: (
        "Đầu tư, thương mại",
        "Investment and trade",
        "Investment, trade promotion and business links between the two countries.",
    ),
    Topic.RESEARCH_AND_EDUCATION: (
        "Nghiên cứu, giáo dục",
        "Research and education",
        "Universities, research cooperation, student and lecturer exchange.",
    ),
    Topic.POLICY_AND_REGULATION: (
        "Thể chế, chính sách",
        "Policy and regulation",
        "Laws, institutions, policies and strategies, and sharing experience in making them.",
    ),
}


class FurnitureKind(Vocabulary):
    """Kinds of page furniture in a seed: text that is not part of the article."""

    SECTION_LABEL = "section_label", "The site section the page was filed under."
    IMAGE_FILE = "image_file", "An image file name."
    CAPTION = "caption", "A photo caption or photo credit."
    RELATED_LINKS = "related_links", "'Related articles' and similar link lists."
    SIDEBAR = "sidebar", "Sidebar headlines and teasers of other articles."
    SOCIAL = "social", "Social-media and follow prompts."
    FOOTER = "footer", "Site or CMS footer."


def definition(member: StrEnum) -> str:
    """Return the English definition (or label) of a vocabulary member.

    Examples:
        >>> definition(Role.HOST)
        'Presided over or hosted the event (chủ trì, tiếp).'
        >>> definition(Topic.SMART_CITIES)
        'Smart cities'
    """
    if isinstance(member, Vocabulary):
        return member.definition
    if isinstance(member, Topic):
        return TOPIC_LABELS[member][1]
    return str(member)
