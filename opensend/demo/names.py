"""Names for synthetic pupils, parents and staff, grouped by heritage so that a child's forename
and surname come from the same family background, as they mostly do in English schools.

The weights follow, roughly, the ethnic mix of pupils in state schools in England (DfE "Schools,
pupils and their characteristics"): about two thirds White British (with Black Caribbean and
Irish families, whose names are mostly the same), then Pakistani, Bangladeshi and Indian,
Eastern European, African, Middle Eastern, East Asian and Southern European families.
`eal_rate` is the share of children from that background recorded as having English as an
additional language; together they give about 20% EAL overall, as in the national figures.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Heritage:
    key: str
    weight: float
    eal_rate: float
    girls: tuple[str, ...]
    boys: tuple[str, ...]
    surnames: tuple[str, ...]
    # Parents and staff are a generation older; most backgrounds reuse the children's names.
    women: tuple[str, ...] = ()
    men: tuple[str, ...] = ()

    @property
    def adult_women(self) -> tuple[str, ...]:
        return self.women or self.girls

    @property
    def adult_men(self) -> tuple[str, ...]:
        return self.men or self.boys


# The lists are data, kept compact rather than one name a line.
# fmt: off
BRITISH = Heritage(
    key="british",
    weight=0.64,
    eal_rate=0.01,
    girls=(
        "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia",
        "Grace", "Willow", "Freya", "Florence", "Emily", "Ella", "Poppy", "Evie", "Elsie", "Charlotte",
        "Evelyn", "Sienna", "Daisy", "Phoebe", "Sophie", "Harper", "Matilda", "Millie", "Isabelle",
        "Ruby", "Alice", "Esme", "Violet", "Emilia", "Jessica", "Erin", "Chloe", "Layla", "Maisie",
        "Eliza", "Bonnie", "Lottie", "Harriet", "Molly", "Scarlett", "Thea", "Darcie", "Imogen",
        "Holly", "Lucy", "Aria", "Orla", "Megan", "Eleanor", "Penelope", "Hallie", "Edith", "Mila",
        "Ada", "Arabella", "Beatrice", "Clara", "Hannah", "Georgia", "Niamh", "Amber", "Lola", "Rose",
        "Summer", "Maya", "Ellie", "Robyn", "Skye", "Caitlin", "Abigail", "Katie", "Gracie", "Heidi",
        "Elizabeth", "Zoë", "Keira", "Tilly", "Nevaeh", "Aoife",
    ),
    boys=(
        "Oliver", "George", "Noah", "Arthur", "Harry", "Leo", "Jack", "Charlie", "Oscar", "Jacob",
        "Henry", "Thomas", "Freddie", "Alfie", "Theo", "William", "Theodore", "Archie", "Joshua",
        "Alexander", "James", "Isaac", "Edward", "Lucas", "Tommy", "Finley", "Max", "Logan", "Ethan",
        "Teddy", "Benjamin", "Arlo", "Joseph", "Sebastian", "Harrison", "Elijah", "Adam", "Daniel",
        "Samuel", "Louie", "Mason", "Reuben", "Albie", "Rory", "Jaxon", "Hugo", "Luca", "Zachary",
        "Reggie", "Hunter", "Louis", "Dylan", "Albert", "Toby", "Jude", "Frankie", "Harley", "Stanley",
        "Bobby", "Riley", "Jenson", "Ronnie", "Kai", "Finn", "Callum", "Liam", "Tyler", "Jayden",
        "Kian", "Connor", "Ryan", "Cameron", "Lewis", "Nathan", "Owen", "Jamie", "Billy", "Alfred",
        "Matthew", "Christopher", "Frederick", "Nathaniel", "Ezra", "Cian", "Dexter",
    ),
    surnames=(
        "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
        "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes",
        "Green", "Hall", "Lewis", "Harris", "Clarke", "Jackson", "Wood", "Turner", "Martin", "Cooper",
        "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan",
        "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young",
        "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell",
        "Shaw", "Murphy", "Miller", "Cox", "Richards", "Marshall", "Anderson", "Simpson", "Ellis",
        "Adams", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Hunt",
        "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd",
        "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Harvey",
        "Graham", "Pearson", "Fletcher", "Walsh", "Gibson", "Howard", "Andrews", "Stewart", "Elliott",
        "Reynolds", "Saunders", "Payne", "Fox", "Ford", "Pearce", "Day", "Brooks", "West", "Lawrence",
        "Cole", "Atkinson", "Bradley", "Spencer", "Dawson", "Ball", "Burton", "O'Brien", "Watts",
        "Booth", "Perry", "Ryan", "Grant", "Wells", "Armstrong", "Francis", "Rees", "Hayes", "Hart",
        "Hudson", "Newman", "Barrett", "Webster", "Hunter", "Gregory", "Carr", "Lowe", "Page", "Marsh",
        "Riley", "Dunn", "Woods", "Parsons", "Berry", "Stone", "Reid", "Holland", "Hawkins", "Harding",
        "Porter", "Robertson", "Newton", "Reed", "Kennedy", "Williamson", "Bird", "Gardner", "Dean",
        "Lane", "Cooke", "Bates", "Henderson", "Parry", "Burgess", "Bishop", "Walton", "Burns",
        "Nicholson", "Shepherd", "Ross", "Cross", "Long", "Freeman", "Warren", "Nicholls", "Hamilton",
        "Byrne", "Sutton", "McDonald", "Yates", "Hodgson", "Robson", "Curtis", "Hopkins", "O'Connor",
        "Harper", "Coleman", "Watkins", "Moss", "McCarthy", "Chambers", "O'Neill", "Griffin", "Sharp",
        "Hardy", "Wheeler", "Potter", "Osborne", "Johnston", "Gordon", "Doyle", "Wallace", "Jordan",
        "Hutchinson", "Rowe", "Burke", "Pritchard", "Gilbert", "Willis", "Higgins", "Miles",
        "Stevenson", "Hammond", "Arnold", "Buckley", "Walters", "Hewitt", "Barber", "Nelson", "Slater",
        "Austin", "Sullivan", "Whitehead", "Mann", "Frost", "Lambert", "Blake", "Lynch", "Goodwin",
        "Barton", "Woodward", "Cunningham", "Quinn", "Barnett", "Baxter", "Clayton", "Nash",
        "Greenwood", "Jennings", "Holt", "Kemp", "Poole", "Gallagher", "Bond", "Stokes", "Tucker",
        "Fowler", "Heath", "Norman", "Middleton", "Lawson", "Banks", "French", "Jarvis", "Gibbs",
        "Ferguson", "Hayward", "Carroll", "Douglas", "Dickinson", "Todd", "Barlow", "Knowles",
        "Hartley", "Simmons", "Morrison", "Brennan", "Ashworth", "Sheridan", "MacLeod",
    ),
    women=(
        "Sarah", "Emma", "Claire", "Rachel", "Laura", "Helen", "Joanne", "Nicola", "Kelly", "Lisa",
        "Gemma", "Hannah", "Amy", "Rebecca", "Victoria", "Louise", "Katie", "Jennifer", "Natalie",
        "Zoe", "Stacey", "Kirsty", "Donna", "Michelle", "Samantha", "Charlotte", "Lucy", "Sophie",
        "Jade", "Leanne", "Kerry", "Hayley", "Danielle", "Lauren", "Jodie", "Amanda", "Catherine",
        "Elizabeth", "Karen", "Alison", "Fiona", "Siobhan", "Vicky", "Becky", "Naomi", "Carly",
    ),
    men=(
        "David", "Mark", "Paul", "Andrew", "James", "Richard", "Daniel", "Michael", "Christopher",
        "Matthew", "Stephen", "Simon", "Lee", "Craig", "Darren", "Gareth", "Jason", "Neil", "Scott",
        "Jamie", "Ryan", "Adam", "Thomas", "Robert", "Ben", "Tom", "Ian", "Gavin", "Carl", "Dean",
        "Stuart", "Martin", "Jonathan", "Anthony", "Peter", "Wayne", "Kevin", "Liam", "Sean", "Rhys",
    ),
)

PAKISTANI_BANGLADESHI = Heritage(
    key="pakistani-bangladeshi",
    weight=0.07,
    eal_rate=0.5,
    girls=(
        "Aisha", "Maryam", "Fatima", "Zainab", "Hafsa", "Inaaya", "Aleena", "Safa", "Amna", "Noor",
        "Anaya", "Aaliyah", "Zara", "Khadija", "Ayesha", "Hania", "Sana", "Mehak", "Tasnim", "Sumaiya",
        "Nusrat", "Raisa", "Hadiya", "Iqra", "Eman", "Alayna",
    ),
    boys=(
        "Muhammad", "Mohammed", "Ibrahim", "Yusuf", "Ayaan", "Zayn", "Hamza", "Musa", "Abdullah",
        "Ismail", "Haris", "Rayyan", "Zakariya", "Eesa", "Umar", "Ali", "Hassan", "Rahim", "Tahmid",
        "Rayhan", "Imran", "Faris", "Zain", "Shayan", "Ahmed", "Idris",
    ),
    surnames=(
        "Khan", "Hussain", "Ahmed", "Ali", "Akhtar", "Shah", "Iqbal", "Mahmood", "Rahman", "Islam",
        "Uddin", "Miah", "Chowdhury", "Hossain", "Qureshi", "Malik", "Butt", "Raja", "Anwar", "Aslam",
        "Siddiqui", "Begum", "Rashid", "Javed", "Saleem", "Nawaz", "Sheikh", "Mirza",
    ),
    women=(
        "Nazia", "Shazia", "Farzana", "Rubina", "Samina", "Nasreen", "Saima", "Ruksana", "Shabana",
        "Parveen", "Yasmin", "Salma", "Sadia", "Rehana", "Nadia", "Shamima",
    ),
    men=(
        "Mohammed", "Imran", "Tariq", "Asif", "Kamran", "Shahid", "Nadeem", "Waqas", "Zubair", "Abdul",
        "Jamal", "Faisal", "Rizwan", "Shafiq", "Aziz", "Mushtaq",
    ),
)

INDIAN = Heritage(
    key="indian",
    weight=0.05,
    eal_rate=0.45,
    girls=(
        "Priya", "Diya", "Anika", "Saanvi", "Aarna", "Kavya", "Ishani", "Riya", "Simran", "Harleen",
        "Jasleen", "Navpreet", "Anjali", "Aarya", "Myra", "Siya", "Tara", "Meera", "Pari", "Amrit",
    ),
    boys=(
        "Arjun", "Aarav", "Vihaan", "Rohan", "Dev", "Krish", "Aryan", "Reyansh", "Harjot", "Jaskaran",
        "Arjan", "Sahil", "Kabir", "Veer", "Ishaan", "Advik", "Jay", "Ravi", "Gurveer", "Anay",
    ),
    surnames=(
        "Patel", "Sharma", "Singh", "Kaur", "Kumar", "Gill", "Sandhu", "Dhillon", "Sidhu", "Bains",
        "Mistry", "Desai", "Joshi", "Mehta", "Gupta", "Parmar", "Nair", "Pillai", "Shah", "Chauhan",
        "Solanki", "Thakkar", "Reddy", "Iyer", "Rao", "Verma", "Johal", "Sahota",
    ),
    women=(
        "Sunita", "Meena", "Anita", "Rupinder", "Kamaljit", "Priya", "Pooja", "Neha", "Deepa",
        "Harpreet", "Manpreet", "Nisha", "Kiran", "Rina",
    ),
    men=(
        "Rajesh", "Sanjay", "Vikram", "Manjit", "Sukhdev", "Amit", "Rahul", "Sunil", "Harjinder",
        "Gurdeep", "Nitin", "Ajay", "Kuldip", "Anil",
    ),
)

POLISH = Heritage(
    key="polish",
    weight=0.04,
    eal_rate=0.85,
    girls=(
        "Zofia", "Maja", "Hanna", "Julia", "Lena", "Zuzanna", "Alicja", "Oliwia", "Wiktoria",
        "Natalia", "Antonina", "Nikola", "Gabriela", "Amelia", "Laura", "Pola",
    ),
    boys=(
        "Jakub", "Antoni", "Jan", "Szymon", "Filip", "Kacper", "Franciszek", "Aleksander", "Mikołaj",
        "Wojciech", "Bartosz", "Oskar", "Igor", "Stanisław", "Dawid", "Tymon",
    ),
    surnames=(
        "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
        "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
        "Krawczyk", "Wojciechowski", "Kwiatkowski", "Kaczmarek", "Zając", "Pawlak",
    ),
    women=(
        "Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Monika", "Anna", "Ewa", "Marta", "Karolina",
        "Justyna",
    ),
    men=("Piotr", "Tomasz", "Paweł", "Krzysztof", "Marcin", "Łukasz", "Michał", "Andrzej", "Grzegorz", "Mariusz"),
)

ROMANIAN = Heritage(
    key="romanian",
    weight=0.03,
    eal_rate=0.85,
    girls=(
        "Ioana", "Elena", "Andreea", "Bianca", "Daria", "Maria", "Sofia", "Alexandra", "Ana", "Eva",
        "Medeea", "Rebeca", "Ilinca", "Denisa",
    ),
    boys=(
        "Andrei", "Luca", "Matei", "David", "Ștefan", "Darius", "Ionuț", "Alexandru", "Mihai", "Gabriel",
        "Rareș", "Eric", "Vlad", "Sebastian",
    ),
    surnames=(
        "Popescu", "Ionescu", "Popa", "Stan", "Dumitru", "Constantin", "Munteanu", "Stoica", "Rusu",
        "Lungu", "Moldovan", "Marin", "Ciobanu", "Florea", "Tudor", "Radu",
    ),
    women=("Elena", "Mihaela", "Cristina", "Irina", "Adriana", "Georgiana", "Ramona", "Alina", "Simona"),
    men=("Ionel", "Florin", "Mihai", "Adrian", "Marius", "Cosmin", "Bogdan", "Cătălin", "Gheorghe"),
)

WEST_AFRICAN = Heritage(
    key="west-african",
    weight=0.035,
    eal_rate=0.4,
    girls=(
        "Amara", "Chioma", "Adaeze", "Favour", "Precious", "Blessing", "Ife", "Ifeoluwa", "Tomi",
        "Ayomide", "Kemi", "Adwoa", "Akosua", "Ama", "Efua", "Abena", "Esther", "Miracle", "Grace",
        "Zion", "Temi", "Nneka",
    ),
    boys=(
        "Chidi", "Emeka", "Tobi", "Oluwaseun", "Femi", "Ayo", "Kofi", "Kwame", "Kwabena", "Yaw",
        "Kojo", "Emmanuel", "Caleb", "Elijah", "Divine", "Praise", "Daniel", "Samuel", "David",
        "Joshua", "Kelechi", "Segun", "Jayden",
    ),
    surnames=(
        "Okafor", "Adeyemi", "Okonkwo", "Adebayo", "Eze", "Nwosu", "Oyelaran", "Afolabi", "Balogun",
        "Ogunleye", "Mensah", "Asante", "Boateng", "Owusu", "Osei", "Appiah", "Agyeman", "Ansah",
        "Adjei", "Okoro", "Olawale", "Oduya",
    ),
    women=(
        "Ngozi", "Funmilayo", "Yetunde", "Abimbola", "Comfort", "Joyce", "Gifty", "Akua", "Patience",
        "Folake", "Adaku", "Bukola",
    ),
    men=(
        "Chukwuemeka", "Olumide", "Babatunde", "Kunle", "Kwesi", "Kwaku", "Nana", "Emmanuel",
        "Samuel", "Joseph", "Isaac", "Chinedu",
    ),
)

SOMALI = Heritage(
    key="somali",
    weight=0.015,
    eal_rate=0.75,
    girls=("Hodan", "Sagal", "Ayan", "Hibo", "Ikram", "Naima", "Deka", "Fartun", "Hamdi", "Nasra", "Sumaya"),
    boys=("Abdirahman", "Mohamed", "Abdi", "Ahmed", "Yusuf", "Hamza", "Bilal", "Abdullahi", "Mustafe", "Guled"),
    surnames=("Mohamed", "Farah", "Hassan", "Abdi", "Warsame", "Omar", "Ali", "Ahmed", "Jama", "Osman", "Yusuf"),
    women=("Fadumo", "Sahra", "Amina", "Halima", "Khadra", "Asha", "Faadumo"),
    men=("Abdullahi", "Ahmed", "Abdikarim", "Hassan", "Mohamud", "Ismail", "Abdiwali"),
)

ZIMBABWEAN = Heritage(
    key="zimbabwean",
    weight=0.005,
    eal_rate=0.3,
    girls=("Tendai", "Ruvimbo", "Nyasha", "Tanaka", "Chiedza", "Rumbidzai", "Anesu"),
    boys=("Tinashe", "Tatenda", "Tawanda", "Kudzai", "Munashe", "Takudzwa", "Ropafadzo"),
    surnames=("Moyo", "Ncube", "Dube", "Sibanda", "Mpofu", "Chikwanha", "Mutasa", "Nyathi"),
    women=("Chipo", "Rutendo", "Tsitsi", "Memory", "Shamiso"),
    men=("Farai", "Tafadzwa", "Blessing", "Tapiwa", "Simbarashe"),
)

ARAB = Heritage(
    key="arab",
    weight=0.015,
    eal_rate=0.8,
    girls=(
        "Maryam", "Jana", "Layan", "Lina", "Sara", "Rania", "Yasmin", "Huda", "Nour", "Rahaf",
        "Mariam", "Marwa", "Reem", "Salma",
    ),
    boys=(
        "Omar", "Ahmad", "Yusuf", "Adam", "Karim", "Khalid", "Mustafa", "Tariq", "Ziad", "Hamza",
        "Sami", "Bilal", "Elias", "Youssef",
    ),
    surnames=(
        "Al-Sayed", "Haddad", "Mansour", "Nasser", "Khalil", "Aziz", "Hamdan", "Saleh", "Ibrahim",
        "Abbas", "Rashid", "Hassan", "Mahmoud", "Al-Masri",
    ),
)

TURKISH_KURDISH = Heritage(
    key="turkish-kurdish",
    weight=0.012,
    eal_rate=0.8,
    girls=("Elif", "Zeynep", "Defne", "Ecrin", "Azra", "Hevin", "Roza", "Dilan", "Asya", "Eylül"),
    boys=("Emir", "Kerem", "Mert", "Yusuf", "Baran", "Rojhat", "Azad", "Deniz", "Efe", "Ali"),
    surnames=(
        "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Arslan", "Doğan", "Aydın", "Koç",  # noqa: RUF001 - Turkish dotless i
        "Barzani",
    ),
)

AFGHAN_IRANIAN = Heritage(
    key="afghan-iranian",
    weight=0.013,
    eal_rate=0.85,
    girls=("Shirin", "Parisa", "Zahra", "Mahsa", "Nilufar", "Yalda", "Maryam", "Sahar", "Roya", "Mina"),
    boys=("Arman", "Reza", "Amir", "Farhad", "Dara", "Omid", "Ali", "Ahmad", "Mohammad", "Sina"),
    surnames=(
        "Ahmadi", "Hosseini", "Rezaei", "Karimi", "Mohammadi", "Noori", "Popal", "Stanekzai", "Rahimi",
        "Sultani", "Hakimi", "Jafari",
    ),
)

CHINESE = Heritage(
    key="chinese",
    weight=0.01,
    eal_rate=0.6,
    girls=("Mei", "Xinyi", "Yuxin", "Jia", "Ying", "Hoi Yan", "Zoe", "Chloe", "Wing", "Ruoxi"),
    boys=("Wei", "Hao", "Yichen", "Zihan", "Jun", "Ethan", "Ryan", "Ka Ho", "Jayden", "Haoran"),
    surnames=(
        "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Chan", "Wong",
        "Cheung", "Lam", "Ng", "Leung", "Lau",
    ),
)

VIETNAMESE = Heritage(
    key="vietnamese",
    weight=0.004,
    eal_rate=0.7,
    girls=("Linh", "Mai", "Thảo", "Vy", "Ngọc", "Anh", "Trang", "Hoa"),
    boys=("Minh", "Đức", "Khoa", "Bảo", "Quang", "Huy", "Nam", "Long"),
    surnames=("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui"),
)

FILIPINO = Heritage(
    key="filipino",
    weight=0.004,
    eal_rate=0.5,
    girls=("Andrea", "Althea", "Bea", "Angel", "Princess", "Sofia", "Mariel", "Kyla"),
    boys=("Joaquin", "Miguel", "Rafael", "Gabriel", "Jericho", "Paolo", "Nathaniel", "Carlo"),
    surnames=("Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Dela Cruz", "Villanueva", "Ramos"),
)

PORTUGUESE = Heritage(
    key="portuguese",
    weight=0.01,
    eal_rate=0.75,
    girls=("Beatriz", "Leonor", "Matilde", "Mariana", "Inês", "Carolina", "Maria", "Francisca"),
    boys=("Afonso", "Tomás", "Rodrigo", "Gonçalo", "Santiago", "Duarte", "Martim", "Diogo"),
    surnames=(
        "Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa",
        "Fernandes", "Gomes", "Lopes",
    ),
)

ITALIAN = Heritage(
    key="italian",
    weight=0.005,
    eal_rate=0.6,
    girls=("Giulia", "Sofia", "Aurora", "Chiara", "Martina", "Ginevra", "Alice", "Beatrice"),
    boys=("Lorenzo", "Francesco", "Alessandro", "Matteo", "Leonardo", "Tommaso", "Riccardo", "Gabriele"),
    surnames=("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco"),
)

SPANISH = Heritage(
    key="spanish",
    weight=0.005,
    eal_rate=0.6,
    girls=("Lucía", "Paula", "Valentina", "Carmen", "Martina", "Daniela", "Sara", "Julia"),
    boys=("Mateo", "Pablo", "Alejandro", "Diego", "Hugo", "Álvaro", "Daniel", "Marcos"),
    surnames=("García", "Fernández", "López", "Martínez", "González", "Sánchez", "Pérez", "Gómez", "Ruiz", "Díaz"),
)

HERITAGES: tuple[Heritage, ...] = (
    BRITISH,
    PAKISTANI_BANGLADESHI,
    INDIAN,
    POLISH,
    ROMANIAN,
    WEST_AFRICAN,
    SOMALI,
    ZIMBABWEAN,
    ARAB,
    TURKISH_KURDISH,
    AFGHAN_IRANIAN,
    CHINESE,
    VIETNAMESE,
    FILIPINO,
    PORTUGUESE,
    ITALIAN,
    SPANISH,
)

# Forenames that children are often known by in a shorter form; the MIS keeps both.
NICKNAMES: dict[str, str] = {
    "Alexander": "Alex",
    "Aleksander": "Olek",
    "Alfred": "Alfie",
    "Benjamin": "Ben",
    "Charlotte": "Lottie",
    "Christopher": "Chris",
    "Daniel": "Dan",
    "Elizabeth": "Lizzie",
    "Frederick": "Freddie",
    "Isabella": "Bella",
    "Jessica": "Jess",
    "Joshua": "Josh",
    "Matthew": "Matty",
    "Nathaniel": "Nate",
    "Oluwaseun": "Seun",
    "Ifeoluwa": "Ife",
    "Samuel": "Sam",
    "Sebastian": "Seb",
    "Theodore": "Teddy",
    "Thomas": "Tom",
    "Zachary": "Zach",
    "Abigail": "Abbie",
    "Penelope": "Penny",
    "Muhammad": "Mo",
    "Wiktoria": "Wiki",
    "Franciszek": "Franek",
}

# Place names for the schools of the benchmark trust (fictional combinations).
PLACES: tuple[str, ...] = (
    "Ashbourne", "Bramley", "Castleford", "Denby", "Eastwood", "Fairfield", "Greenhill", "Hadley",
    "Ivybridge", "Kingsley", "Langley", "Marden", "Northfield", "Oakwood", "Queensbury", "Redhill",
    "Southgate", "Thornbury", "Upton", "Westfield", "Whitley", "Yardley", "Ashfield", "Brookside",
    "Chapelfield", "Elmhurst", "Fernhill", "Glenfield", "Hawthorn", "Hillcrest", "Larkrise",
    "Lindley", "Meadowside", "Millbrook", "Moorland", "Netherton", "Orchard", "Parkside",
    "Ravenscroft", "Rosehill", "Sandford", "Springfield", "Stoneleigh", "Sunnybank", "Thornton",
    "Waterside", "Willowbrook", "Woodlands", "Beechwood", "Birchfield", "Highfield", "Holmewood",
    "Kirkby", "Lakeside", "Marston", "Newlands", "Rowan Vale", "Sherwood", "Summerfield",
    "Hollybank", "Foxhill", "Broadmead", "Cranbrook", "Dovecote",
)
# fmt: on
